// /signup/: username and display name, where to keep the first passkey ("this device" or
// "security key"), then the offer to add a security key for large transfers.
import { loadCopy, copy } from "./copy.js";
import { announce, clearFieldError, clearStatus, focusElement, hide, setBusy, show, showFieldError } from "./dom.js";
import { guardPasskeys } from "./support.js";

await loadCopy().catch(() => {});

const form = document.getElementById("signup-form");
const username = document.getElementById("signup-username");
const displayName = document.getElementById("signup-display-name");
const submitButton = form.querySelector("[data-passkey]");
const created = document.getElementById("signup-created");
const keyAdded = document.getElementById("signup-key-added");
const addKeyButton = created.querySelector("[data-add-security-key]");

guardPasskeys();

for (const input of [username, displayName]) {
  input.addEventListener("input", () => clearFieldError(input));
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  clearStatus();
  if (!validate()) return;
  setBusy(submitButton, true);
  announce(copy("signup.working"));
  // The ceremony arrives with the WebAuthn issue: registration options for
  // { username, displayName } with hints from chosenAuthenticator(), create(),
  // verify, then showCreated(). A taken username shows signup.username_taken.
  setBusy(submitButton, false);
});

addKeyButton.addEventListener("click", () => {
  clearStatus();
  setBusy(addKeyButton, true);
  announce(copy("signup.add_key_working"));
  // Second registration with hints ["security-key"], then showKeyAdded().
  setBusy(addKeyButton, false);
});

function validate() {
  let firstInvalid = null;
  if (!username.value.trim()) {
    showFieldError(username, copy("signup.username_missing"));
    firstInvalid ??= username;
  }
  if (!displayName.value.trim()) {
    showFieldError(displayName, copy("signup.display_name_missing"));
    firstInvalid ??= displayName;
  }
  if (firstInvalid) focusElement(firstInvalid);
  return firstInvalid === null;
}

/** "client-device" or "security-key": the WebAuthn hint for the first passkey. */
export function chosenAuthenticator() {
  return form.elements.authenticator.value === "security-key" ? "security-key" : "client-device";
}

/** After the first passkey: the account is open; offer a security key (skip it if that was one). */
export function showCreated({ firstWasSecurityKey = false } = {}) {
  hide(form);
  hide(document.getElementById("signup-have-account"));
  if (firstWasSecurityKey) return showKeyAdded();
  show(created);
  focusElement(document.getElementById("signup-created-title"));
}

/** After the security key was added. */
export function showKeyAdded() {
  hide(form);
  hide(created);
  show(keyAdded);
  focusElement(document.getElementById("signup-key-added-title"));
}
