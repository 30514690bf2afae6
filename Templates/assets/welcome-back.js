// /welcome-back/: "Sign in as <name>" for the account remembered in this browser, "Use a
// different account", "Try another way" and "Forget this account".
import { loadCopy, copy } from "./copy.js";
import { announce, clearStatus, disclosure, focusElement, hide, setBusy, show } from "./dom.js";
import { forgetUsername, rememberedUsername } from "./account-hint.js";
import { guardPasskeys } from "./support.js";

await loadCopy().catch(() => {});

const remembered = document.getElementById("welcome-remembered");
const none = document.getElementById("welcome-none");
const form = document.getElementById("welcome-form");
const usernameInput = document.getElementById("welcome-username");
const password = document.getElementById("welcome-password-input");
const passkeyButton = form.querySelector("[data-passkey]");

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
  const method = event.submitter?.value ?? (otherWay.isOpen ? "password" : "passkey");
  if (method === "password") {
    if (!password.value) {
      announce(copy("welcome.password_missing"), { tone: "error" });
      focusElement(password);
      return;
    }
    announce(copy("common.working"));
    // POST /auth/password with the remembered username arrives with the WebAuthn issue.
    return;
  }
  setBusy(passkeyButton, true);
  announce(copy("welcome.working"));
  // Authentication options for this username (allowCredentials), get(), verify: WebAuthn issue.
  setBusy(passkeyButton, false);
});

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
