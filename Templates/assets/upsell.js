// /passkey-upsell/: offer to create a passkey on this device after a password or phone sign-in.
import { loadCopy, copy } from "./copy.js";
import { announce, clearStatus, focusElement, hide, setBusy, show } from "./dom.js";
import { guardPasskeys, platformAuthenticatorAvailable } from "./support.js";

await loadCopy().catch(() => {});

const offer = document.getElementById("upsell-offer");
const done = document.getElementById("upsell-done");
const createButton = offer.querySelector("[data-create-passkey]");

if (guardPasskeys(copy("upsell.unavailable")) && !(await platformAuthenticatorAvailable())) {
  // This device can't keep a passkey itself: the offer makes no sense here.
  hide(createButton);
  announce(copy("upsell.unavailable"));
  offer.querySelector("[data-not-now]").textContent = copy("upsell.continue");
}

createButton.addEventListener("click", () => {
  clearStatus();
  setBusy(createButton, true);
  announce(copy("upsell.working"));
  // Registration with hints ["client-device"] and authenticatorAttachment "platform" arrives with
  // the WebAuthn issue, then showDone().
  setBusy(createButton, false);
});

/** The passkey exists: thank the person and let them continue. */
export function showDone() {
  hide(offer);
  show(done);
  focusElement(document.getElementById("upsell-done-title"));
}
