// What /signin/ and /welcome-back/ share: where to go after a sign-in, and the legacy password.
import { copy } from "./copy.js";
import { announce } from "./dom.js";
import { rememberUsername } from "./account-hint.js";
import { platformAuthenticatorAvailable } from "./support.js";
import { postJSON, safeLocalPath } from "./webauthn.js";

/** The pending authorization request this page was sent with (?request=<id>), or undefined. */
export function pendingRequest() {
  return new URLSearchParams(window.location.search).get("request") || undefined;
}

/** A body for the server with the optional members left out when empty. */
export function withRequest(body, request = pendingRequest()) {
  const result = {};
  for (const [key, value] of Object.entries({ ...body, request })) {
    if (value !== undefined && value !== null && value !== "") result[key] = value;
  }
  return result;
}

/** The upsell page, which continues to next afterwards (DESIGN.md flow 3). */
export function upsellLocation(next) {
  return `/passkey-upsell/?next=${encodeURIComponent(safeLocalPath(next))}`;
}

/**
 * After a passkey sign-in: remember the username hint, then go on. A passkey from another device
 * (authenticatorAttachment "cross-platform": a phone over hybrid, or a security key) while this
 * device could keep its own leads to the upsell first (DESIGN.md flow 3).
 */
export async function finishPasskeySignIn({ redirect, credential }, { username } = {}) {
  if (username) rememberUsername(username);
  announce(copy("signin.signed_in"), { tone: "success" });
  const next = safeLocalPath(redirect);
  if (credential?.authenticatorAttachment === "cross-platform" && (await platformAuthenticatorAvailable())) {
    window.location.assign(upsellLocation(next));
  } else {
    window.location.assign(next);
  }
}

/**
 * The legacy password: POST /auth/password. On success, remembers the username and goes to the
 * upsell (flow 3). Throws the server's problem (password-rejected, rate-limited) or a NetworkError.
 */
export async function signInWithPassword({ username, password, request = pendingRequest() }) {
  const verdict = await postJSON("/auth/password", withRequest({ username, password }, request));
  rememberUsername(username);
  announce(copy("signin.signed_in"), { tone: "success" });
  window.location.assign(upsellLocation(verdict.redirect));
}
