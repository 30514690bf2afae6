// What this browser can do with passkeys, and what the page shows when it can't.
import { copy } from "./copy.js";

/** True when the browser has the WebAuthn API. */
export function passkeysSupported() {
  return typeof window.PublicKeyCredential === "function";
}

let capabilities = null;

/**
 * What the browser says it can do (WebAuthn L3 getClientCapabilities()), as a plain object such as
 * {conditionalGet: true, userVerifyingPlatformAuthenticator: true}; empty where the browser can't say.
 */
export async function clientCapabilities() {
  if (!passkeysSupported() || typeof window.PublicKeyCredential.getClientCapabilities !== "function") return {};
  capabilities ??= window.PublicKeyCredential.getClientCapabilities().catch(() => ({}));
  return capabilities;
}

/** True when this device can create and use a passkey itself (fingerprint, face or screen lock). */
export async function platformAuthenticatorAvailable() {
  if (!passkeysSupported()) return false;
  const { userVerifyingPlatformAuthenticator } = await clientCapabilities();
  if (typeof userVerifyingPlatformAuthenticator === "boolean") return userVerifyingPlatformAuthenticator;
  try {
    // WebAuthn L3 §5.1.7 isUserVerifyingPlatformAuthenticatorAvailable()
    return await window.PublicKeyCredential.isUserVerifyingPlatformAuthenticatorAvailable();
  } catch {
    return false;
  }
}

/** True when the browser can offer passkeys in the username field's autofill (conditional mediation). */
export async function conditionalMediationAvailable() {
  if (!passkeysSupported()) return false;
  const { conditionalGet } = await clientCapabilities();
  if (typeof conditionalGet === "boolean") return conditionalGet;
  if (typeof window.PublicKeyCredential.isConditionalMediationAvailable !== "function") return false;
  try {
    return await window.PublicKeyCredential.isConditionalMediationAvailable();
  } catch {
    return false;
  }
}

/**
 * Disables every passkey button ([data-passkey]) and shows why in the page's passkey note.
 * Call after loadCopy().
 */
export function disablePasskeyButtons(message = copy("common.passkeys_unsupported")) {
  const note = document.querySelector("[data-passkey-note]");
  if (note) {
    note.textContent = message;
    note.hidden = false;
  }
  for (const button of document.querySelectorAll("[data-passkey]")) {
    button.disabled = true;
    if (note?.id) button.setAttribute("aria-describedby", note.id);
  }
}

/** Returns true when passkeys work here; otherwise disables the passkey buttons and returns false. */
export function guardPasskeys(message) {
  if (passkeysSupported()) return true;
  disablePasskeyButtons(message);
  return false;
}
