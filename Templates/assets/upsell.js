// /passkey-upsell/?next=…: offer to create a passkey on this device after a password or phone
// sign-in (DESIGN.md flow 3), then continue to next.
import { loadCopy, copy } from "./copy.js";
import { announce, clearStatus, focusElement, hide, setBusy } from "./dom.js";
import { describeCeremonyError } from "./ceremony-errors.js";
import { guardPasskeys, platformAuthenticatorAvailable } from "./support.js";
import { registerPasskey, safeLocalPath } from "./webauthn.js";

await loadCopy().catch(() => {});

const offer = document.getElementById("upsell-offer");
const createButton = offer.querySelector("[data-create-passkey]");
const notNow = offer.querySelector("[data-not-now]");

// Where the person was going when we interrupted: a same-origin path only.
const next = safeLocalPath(new URLSearchParams(window.location.search).get("next"));
notNow.href = next;

if (guardPasskeys(copy("upsell.unavailable")) && !(await platformAuthenticatorAvailable())) {
  // This device can't keep a passkey itself: the offer makes no sense here.
  hide(createButton);
  announce(copy("upsell.unavailable"));
  notNow.textContent = copy("upsell.continue");
}

createButton.addEventListener("click", async () => {
  clearStatus();
  setBusy(createButton, true);
  announce(copy("upsell.working"));
  try {
    // Signed in by cookie, so the passkey joins this account; "client-device" asks for this device.
    await registerPasskey({ authenticator: "client-device" });
    announce(copy("upsell.created"), { tone: "success" });
    window.location.assign(next);
  } catch (error) {
    // sign-in-required here means the session ended while the page was open.
    const message = describeCeremonyError(error);
    announce(message, { tone: "error" });
    setBusy(createButton, false);
    focusElement(createButton);
  }
});
