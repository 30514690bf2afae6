// Round trips to the provider (oauth.js) for /app/: signing in silently or from the authorization
// response in /app/callback/, leaving for a step-up (DESIGN.md flow 5), and signing out.
import { copy } from "./copy.js";
import { announce, setBusy } from "./dom.js";
import { rememberedUsername } from "./account-hint.js";
import {
  authorizationResponse,
  beginAuthorization,
  clientId,
  completeAuthorization,
  forgetTokens,
  idTokenHint,
  onSessionEnded,
} from "./oauth.js";
import { stepUp } from "./api.js";
import { state } from "./app-state.js";
import { part, showGate, signInAgainButton } from "./app-view.js";

const silentRetryKey = "passbank.app.silentRetryAt";

signInAgainButton.addEventListener("click", (event) => {
  setBusy(event.currentTarget, true);
  forgetTokens();
  beginAuthorization({ prompt: "none" });
});

onSessionEnded(() => showGate(copy("app.session_ended")));

function silentRetryAllowed() {
  try {
    const last = Number(window.sessionStorage.getItem(silentRetryKey));
    window.sessionStorage.setItem(silentRetryKey, String(Date.now()));
    return !(last && Date.now() - last < 30_000);
  } catch {
    return false;
  }
}

/** Once signed in, a later state mismatch may again be retried silently. */
export function forgetSilentRetry() {
  try {
    window.sessionStorage.removeItem(silentRetryKey);
  } catch {
    // Nothing was stored.
  }
}

/**
 * Gets tokens: from the authorization response in the URL (/app/callback/?code=&state=), else by a
 * silent prompt=none round trip. Answers {purpose} once signed in, or null when the page is leaving
 * or has shown why it can't go on.
 */
export async function signIn() {
  const response = authorizationResponse();
  if (!response) {
    await beginAuthorization({ prompt: "none" });
    return null;
  }
  // A reload must go through the silent round trip again, never reuse this code.
  window.history.replaceState(null, "", "/app/");
  try {
    return await completeAuthorization(response);
  } catch (error) {
    return handleSignInFailure(error);
  }
}

function handleSignInFailure(error) {
  const interactive = ["login_required", "interaction_required", "consent_required", "account_selection_required"];
  if (interactive.includes(error?.error) && error.purpose !== "step-up") {
    // OIDC Core §3.1.2.6: the provider needs the person; the remembered account goes to welcome back.
    window.location.replace(rememberedUsername() ? "/welcome-back/" : "/signin/");
    return null;
  }
  if (error?.purpose === "step-up" || (error?.error === "state_mismatch" && silentRetryAllowed())) {
    // The step-up did not finish (or this answer was not ours): sign in quietly again; a pending
    // operation is then reported as not done.
    beginAuthorization({ prompt: "none" });
    return null;
  }
  const refused = ["access_denied", "unauthorized_client", "invalid_scope", "invalid_request", "invalid_client"];
  showGate(refused.includes(error?.error) ? copy("app.sign_in_refused") : copy("app.sign_in_failed"));
  return null;
}

/** True once the page is on its way to a step-up: buttons stay busy until it has gone. */
let leaving = false;

export function isLeaving() {
  return leaving;
}

/** Saves the operation the API refused for want of a step-up and goes to the provider for one (api.js). */
export function leaveForStepUp(operation, error) {
  leaving = true;
  announce(copy("app.stepup_leaving"));
  const username = state.me?.username ?? rememberedUsername() ?? undefined;
  stepUp(operation, error, { username });
}

const signOut = part(document, "sign-out");

/** Points "Sign out" at the provider's logout, coming back to welcome back when an account is remembered. */
export function updateSignOut() {
  // RP-Initiated Logout 1.0 §3: back to a registered page afterwards.
  const next = rememberedUsername() ? "/welcome-back/" : "/";
  const query = new URLSearchParams({ client_id: clientId, post_logout_redirect_uri: `${window.location.origin}${next}` });
  // §2: the ID token tells the provider this sign-out comes from the person's own app, so it does not
  // ask them to confirm (without it, it would).
  const hint = idTokenHint();
  if (hint) query.set("id_token_hint", hint);
  signOut.href = `/oauth2/logout?${query}`;
}

signOut.addEventListener("click", () => {
  updateSignOut();
  forgetTokens();
});
