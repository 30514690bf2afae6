// /signin/: username with passkey autofill, "Sign in with a passkey", and "Try another way"
// (the legacy password) for accounts that still have one. DESIGN.md flows 2 and 3.
import { loadCopy, copy } from "./copy.js";
import { announce, clearStatus, disclosure, focusElement, setBusy } from "./dom.js";
import { describeCeremonyError, describePasswordError } from "./ceremony-errors.js";
import { conditionalMediationAvailable, guardPasskeys } from "./support.js";
import { finishPasskeySignIn, signInWithPassword, withRequest } from "./sign-in-steps.js";
import { authenticateWithPasskey } from "./webauthn.js";

await loadCopy().catch(() => {});

const form = document.getElementById("signin-form");
const username = document.getElementById("signin-username");
const password = document.getElementById("signin-password-input");
const passkeyButton = form.querySelector("[data-passkey]");
const passwordButton = form.querySelector('button[value="password"]');

const otherWay = disclosure(
  document.querySelector("[data-other-way]"),
  document.getElementById("signin-password"),
  {
    openLabel: copy("signin.other_way_close"),
    closedLabel: copy("signin.other_way"),
    focusTarget: document.getElementById("signin-password-title"),
  },
);

const passkeys = guardPasskeys();
// Without WebAuthn the only way in is the password, so open it straight away.
if (!passkeys) otherWay.open({ focus: false });

form.addEventListener("submit", (event) => {
  event.preventDefault();
  // Enter in the password field submits with the form's first button (the passkey one), so the
  // focused field decides too.
  const usePassword = event.submitter === passwordButton || document.activeElement === password;
  if (usePassword) passwordSignIn();
  else passkeySignIn();
});

// Autofill: a conditional-mediation get() waits in the background until the person picks a
// passkey from the username field's suggestions (WebAuthn L3 §5.1.4). It is aborted before any
// modal request, and started again after a failure (a few times at most, so it can't loop).
let autofill = null;
let autofillFailures = 0;

function startAutofill() {
  const controller = new AbortController();
  const run = authenticateWithPasskey(withRequest({}), { mediation: "conditional", signal: controller.signal })
    .then((verdict) => finishPasskeySignIn(verdict, { username: username.value.trim() }))
    .catch((error) => {
      if (controller.signal.aborted) return; // we stopped it for a modal request
      // A conditional request has no prompt of its own: NotAllowedError only means no passkey was
      // offered or picked, which the person never saw, so it is not theirs to read about.
      if (error?.name === "NotAllowedError") return;
      autofillFailures += 1;
      announce(describeCeremonyError(error), { tone: "error" });
      if (autofillFailures < 3 && autofill?.controller === controller && worthRetrying(error)) autofill = startAutofill();
    });
  return { controller, run };
}

// Another autofill request can help after a refused or rejected passkey, not when the sign-in
// request is gone, the server asks us to wait, or the network is down.
function worthRetrying(error) {
  if (error?.name === "NetworkError") return false;
  return !["authorization-request-unknown", "rate-limited"].includes(error?.code) && !((error?.status ?? 0) >= 500);
}

async function stopAutofill() {
  if (!autofill) return;
  const { controller, run } = autofill;
  autofill = null;
  controller.abort(new DOMException("A modal passkey request replaces autofill.", "AbortError"));
  await run; // let the browser finish the aborted request before starting another
}

if (passkeys && (await conditionalMediationAvailable())) autofill = startAutofill();

async function passkeySignIn() {
  clearStatus();
  setBusy(passkeyButton, true);
  announce(copy("signin.passkey_waiting"));
  await stopAutofill();
  const typed = username.value.trim();
  try {
    const verdict = await authenticateWithPasskey(withRequest({ username: typed }));
    await finishPasskeySignIn(verdict, { username: typed });
  } catch (error) {
    announce(describeCeremonyError(error), { tone: "error" });
    setBusy(passkeyButton, false);
    focusElement(passkeyButton);
    if (await conditionalMediationAvailable()) autofill = startAutofill();
  }
}

async function passwordSignIn() {
  clearStatus();
  const typed = username.value.trim();
  if (!typed || !password.value) {
    announce(copy("signin.password_missing"), { tone: "error" });
    focusElement(typed ? password : username);
    return;
  }
  setBusy(passwordButton, true);
  announce(copy("common.working"));
  try {
    await signInWithPassword({ username: typed, password: password.value });
  } catch (error) {
    announce(describePasswordError(error), { tone: "error" });
    setBusy(passwordButton, false);
    if (error?.code === "password-rejected") password.value = "";
    focusElement(password);
  }
}
