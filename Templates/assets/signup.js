// /signup/: username and display name, where to keep the first passkey ("this device" or
// "security key"), then the offer to add a security key for large transfers. DESIGN.md flow 1.
import { loadCopy, copy } from "./copy.js";
import { announce, clearFieldError, clearStatus, focusElement, hide, setBusy, show, showFieldError } from "./dom.js";
import { describeCeremonyError } from "./ceremony-errors.js";
import { rememberUsername } from "./account-hint.js";
import { guardPasskeys } from "./support.js";
import { withRequest } from "./sign-in-steps.js";
import { registerPasskey, safeLocalPath } from "./webauthn.js";

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

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  clearStatus();
  if (!validate()) return;
  setBusy(submitButton, true);
  announce(copy("signup.working"));
  const authenticator = chosenAuthenticator();
  try {
    const verdict = await registerPasskey(
      withRequest({ username: username.value.trim(), displayName: displayName.value.trim(), authenticator }),
    );
    rememberUsername(username.value.trim());
    continueTo(verdict.redirect);
    clearStatus();
    showCreated({ firstWasSecurityKey: authenticator === "security-key" });
  } catch (error) {
    setBusy(submitButton, false);
    showSignUpError(error);
  }
});

addKeyButton.addEventListener("click", async () => {
  clearStatus();
  setBusy(addKeyButton, true);
  announce(copy("signup.add_key_working"));
  try {
    // Signed in by the cookie sign-up just set: the key joins this account (no username needed).
    await registerPasskey({ authenticator: "security-key" });
    clearStatus();
    showKeyAdded();
  } catch (error) {
    announce(describeCeremonyError(error), { tone: "error" });
    setBusy(addKeyButton, false);
    focusElement(addKeyButton);
  }
});

function showSignUpError(error) {
  // Problems about a field are shown at that field (and read out when it takes focus).
  const field = { "username-taken": username, "username-invalid": username, "display-name-invalid": displayName }[error?.code];
  if (field) {
    showFieldError(field, describeCeremonyError(error));
    focusElement(field);
    return;
  }
  announce(describeCeremonyError(error), { tone: "error" });
  focusElement(submitButton);
}

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

/** Points the "go to my accounts" links at where the server said to go next (same-origin only). */
function continueTo(redirect) {
  const next = safeLocalPath(redirect);
  for (const link of document.querySelectorAll("[data-continue]")) link.href = next;
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
