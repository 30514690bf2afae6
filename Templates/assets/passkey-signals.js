// WebAuthn L3 signal API: tell the passkey provider which passkeys the account still has and who
// the account is. Both need the user handle, which only GET /api/me can give; without one, skip.
import { state } from "./app-state.js";

function userHandle() {
  const handle = state.me?.userHandle;
  return typeof handle === "string" && /^[A-Za-z0-9_-]+$/.test(handle) ? handle : null;
}

/** After a passkey is added or removed: the account's passkeys are exactly those in state.passkeys. */
export async function signalAcceptedCredentials() {
  const userId = userHandle();
  if (!userId || typeof window.PublicKeyCredential?.signalAllAcceptedCredentials !== "function") return;
  try {
    await window.PublicKeyCredential.signalAllAcceptedCredentials({
      rpId: window.location.hostname,
      userId,
      allAcceptedCredentialIds: state.passkeys.map((passkey) => passkey.id),
    });
  } catch {
    // Advice to the provider only.
  }
}

/** Once per page: the account's current username and display name. */
export async function signalCurrentUserDetails() {
  const userId = userHandle();
  if (!userId || !state.me?.username || typeof window.PublicKeyCredential?.signalCurrentUserDetails !== "function") return;
  try {
    await window.PublicKeyCredential.signalCurrentUserDetails({
      rpId: window.location.hostname,
      userId,
      name: state.me.username,
      displayName: state.me.displayName || state.me.username,
    });
  } catch {
    // Advice to the provider only.
  }
}
