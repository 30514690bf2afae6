// The passkeys section (DESIGN.md flow 6): the list (GET /api/passkeys), and adding a passkey or a
// security key to the signed-in account. Each card's rename and remove are in passkey-card.js.
import { copy } from "./copy.js";
import { announce, clearStatus, focusElement, hide, setBusy } from "./dom.js";
import { api } from "./api.js";
import { describeCeremonyError } from "./ceremony-errors.js";
import { registerPasskey } from "./webauthn.js";
import { load, state } from "./app-state.js";
import { fillSection, formatDate, quiet, showFormError } from "./app-view.js";
import { renderPasskey } from "./passkey-card.js";
import { signalAcceptedCredentials } from "./passkey-signals.js";

const passkeysError = document.getElementById("passkeys-error");

export async function loadPasskeys() {
  const answer = await api("GET", "/api/passkeys");
  state.passkeys = Array.isArray(answer?.passkeys) ? answer.passkeys : [];
  state.password = answer?.password === true;
  const lastWay = state.passkeys.length === 1 && !state.password;
  fillSection("passkeys", state.passkeys, (passkey) => renderPasskey(passkey, { isLast: lastWay }));
}

/**
 * What to say about a key just added (its summary from /webauthn/registration/verify): a key on
 * hold says from when it counts (the server answers "phr" until then), a key that reached phrh that
 * it counts now, a security key that didn't that it can't confirm large transfers.
 */
function describeAddedPasskey(passkey, authenticator) {
  if (passkey?.stepUpAfter && new Date(passkey.stepUpAfter) > new Date()) {
    return copy("app.security_key_added_pending", { when: formatDate(passkey.stepUpAfter, { time: true }) });
  }
  if (passkey?.assurance === "phrh") return copy("app.security_key_added_now");
  if (authenticator === "security-key") return copy("app.security_key_added_not_enough");
  return copy("app.passkey_added");
}

for (const [selector, authenticator] of [
  ["[data-add-passkey]", "client-device"],
  ["[data-add-security-key]", "security-key"],
]) {
  const button = document.querySelector(selector);
  button.addEventListener("click", async () => {
    clearStatus();
    hide(passkeysError);
    setBusy(button, true);
    announce(authenticator === "security-key" ? copy("app.security_key_adding") : copy("app.passkey_adding"));
    try {
      // Signed in by the provider session cookie: the new passkey joins this account.
      const { passkey } = await registerPasskey({ authenticator });
      await load("passkeys");
      announce(describeAddedPasskey(passkey, authenticator), { tone: "success" });
      signalAcceptedCredentials();
      setBusy(button, false);
      focusElement(button);
    } catch (error) {
      quiet();
      setBusy(button, false);
      const message = describeCeremonyError(error);
      showFormError(passkeysError, message);
    }
  });
}
