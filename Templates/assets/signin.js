// /signin/: username with passkey autofill, "Sign in with a passkey", and "Try another way"
// (the legacy password) for accounts that still have one.
import { loadCopy, copy } from "./copy.js";
import { announce, clearStatus, disclosure, focusElement, setBusy } from "./dom.js";
import { guardPasskeys } from "./support.js";

await loadCopy().catch(() => {});

const form = document.getElementById("signin-form");
const username = document.getElementById("signin-username");
const password = document.getElementById("signin-password-input");
const passkeyButton = form.querySelector("[data-passkey]");

const otherWay = disclosure(
  document.querySelector("[data-other-way]"),
  document.getElementById("signin-password"),
  {
    openLabel: copy("signin.other_way_close"),
    closedLabel: copy("signin.other_way"),
    focusTarget: document.getElementById("signin-password-title"),
  },
);

// Without WebAuthn the only way in is the password, so open it straight away.
if (!guardPasskeys()) otherWay.open({ focus: false });

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const method = event.submitter?.value ?? (otherWay.isOpen ? "password" : "passkey");
  if (method === "password") signInWithPassword();
  else signInWithPasskey();
});

function signInWithPasskey() {
  clearStatus();
  setBusy(passkeyButton, true);
  announce(copy("signin.passkey_waiting"));
  // The ceremony (conditional-mediation get() on load, modal get() here, then
  // /webauthn/authentication/verify) arrives with the WebAuthn issue; its failures are
  // described by describeCeremonyError() from ceremony-errors.js.
  setBusy(passkeyButton, false);
}

function signInWithPassword() {
  clearStatus();
  if (!username.value.trim() || !password.value) {
    announce(copy("signin.password_missing"), { tone: "error" });
    focusElement(username.value.trim() ? password : username);
    return;
  }
  announce(copy("common.working"));
  // POST /auth/password arrives with the WebAuthn issue; a rejection shows
  // the signin.password_rejected message and a success goes to /passkey-upsell/.
}
