// /welcome-back/: "Sign in as <name>" for the account remembered in this browser, "Use a
// different account", "Try another way" and "Forget this account". DESIGN.md flow 4.
import { loadCopy, copy } from "./copy.js";
import { announce, clearStatus, disclosure, focusElement, hide, setBusy, show } from "./dom.js";
import { describeCeremonyError, describePasswordError } from "./ceremony-errors.js";
import { forgetUsername, rememberedUsername } from "./account-hint.js";
import { guardPasskeys } from "./support.js";
import { finishPasskeySignIn, signInWithPassword, withRequest } from "./sign-in-steps.js";
import { authenticateWithPasskey } from "./webauthn.js";

await loadCopy().catch(() => {});

const remembered = document.getElementById("welcome-remembered");
const none = document.getElementById("welcome-none");
const form = document.getElementById("welcome-form");
const usernameInput = document.getElementById("welcome-username");
const password = document.getElementById("welcome-password-input");
const passkeyButton = form.querySelector("[data-passkey]");
const passwordButton = form.querySelector('button[value="password"]');

const otherWay = disclosure(
  remembered.querySelector("[data-other-way]"),
  document.getElementById("welcome-password"),
  { openLabel: copy("welcome.other_way_close"), closedLabel: copy("welcome.other_way"), focusTarget: password },
);

const username = rememberedUsername();
if (username) showRemembered(username);
else show(none);

if (!guardPasskeys() && username) otherWay.open({ focus: false });

form.addEventListener("submit", (event) => {
  event.preventDefault();
  clearStatus();
  // Enter in the password field submits with the form's first button, so the focus decides too.
  if (event.submitter === passwordButton || document.activeElement === password) passwordSignIn();
  else passkeySignIn();
});

async function passkeySignIn() {
  setBusy(passkeyButton, true);
  announce(copy("welcome.working"));
  try {
    // With the username, the server answers that account's allowCredentials (WebAuthn L3 §5.1.4).
    const verdict = await authenticateWithPasskey(withRequest({ username }));
    await finishPasskeySignIn(verdict, { username });
  } catch (error) {
    announce(describeCeremonyError(error), { tone: "error" });
    setBusy(passkeyButton, false);
    focusElement(passkeyButton);
  }
}

async function passwordSignIn() {
  if (!password.value) {
    announce(copy("welcome.password_missing"), { tone: "error" });
    focusElement(password);
    return;
  }
  setBusy(passwordButton, true);
  announce(copy("common.working"));
  try {
    await signInWithPassword({ username, password: password.value });
  } catch (error) {
    announce(describePasswordError(error), { tone: "error" });
    setBusy(passwordButton, false);
    if (error?.code === "password-rejected") password.value = "";
    focusElement(password);
  }
}

remembered.querySelector("[data-forget]").addEventListener("click", () => {
  forgetUsername();
  usernameInput.value = "";
  hide(remembered);
  show(none);
  announce(copy("welcome.forgotten"), { tone: "success" });
  focusElement(document.getElementById("welcome-none-title"));
});

function showRemembered(name) {
  usernameInput.value = name;
  remembered.querySelector("[data-account-name]").textContent = name;
  remembered.querySelector("[data-account-initial]").textContent = name.charAt(0).toUpperCase();
  remembered.querySelector("[data-sign-in-label]").textContent = copy("welcome.sign_in_as", { name });
  show(remembered);
}
