// /step-up/?request=<id>&reason=…: "Let's make sure it's you" (DESIGN.md flow 5). Says why the
// bank asks, runs the security-key step-up, and offers to add a key when none counts yet.
import { loadCopy, copy } from "./copy.js";
import { announce, clearStatus, disclosure, focusElement, hide, setBusy, show } from "./dom.js";
import { describeCeremonyError } from "./ceremony-errors.js";
import { guardPasskeys } from "./support.js";
import { pendingRequest } from "./sign-in-steps.js";
import { authenticateWithPasskey, registerPasskey, safeLocalPath } from "./webauthn.js";
import { pendingOperation } from "./api.js";

await loadCopy().catch(() => {});

const reasons = {
  transfer: () => copy("stepup.reason_transfer"),
  payee: () => copy("stepup.reason_payee"),
  "remove-passkey": () => copy("stepup.reason_remove_passkey"),
};

// The reason comes from the URL, else from the operation the app keeps while it waits (api.js).
const reason = new URLSearchParams(window.location.search).get("reason") ?? pendingOperation()?.kind;
if (reason && Object.hasOwn(reasons, reason)) {
  document.querySelector("[data-step-up-reason]").textContent = reasons[reason]();
}

const request = pendingRequest();
const actions = document.getElementById("step-up-actions");
const noKeyTrigger = document.querySelector("[data-no-key]");
const noKeyPanel = document.getElementById("step-up-no-key");
const useKeyButton = actions.querySelector("[data-use-key]");
const addKeyButton = noKeyPanel.querySelector("[data-add-key]");
const noKey = disclosure(noKeyTrigger, noKeyPanel, {
  focusTarget: document.getElementById("step-up-no-key-title"),
});

if (!request) {
  // Step-up only makes sense on the way back into /oauth2/authorize: say so and offer /app/.
  hide(actions);
  hide(noKeyTrigger.parentElement);
  show(document.getElementById("step-up-missing"));
} else {
  guardPasskeys();
}

useKeyButton.addEventListener("click", async () => {
  clearStatus();
  setBusy(useKeyButton, true);
  announce(copy("stepup.working"));
  try {
    await stepUp();
  } catch (error) {
    showStepUpError(error);
    setBusy(useKeyButton, false);
    focusElement(noKey.isOpen ? addKeyButton : useKeyButton);
  }
});

addKeyButton.addEventListener("click", async () => {
  clearStatus();
  setBusy(addKeyButton, true);
  announce(copy("stepup.add_key_working"));
  let passkey;
  try {
    // Signed in by cookie: the key joins this account, as a security key (hints, cross-platform).
    ({ passkey } = await registerPasskey({ authenticator: "security-key" }));
  } catch (error) {
    const message = describeCeremonyError(error);
    announce(message, { tone: "error" });
    setBusy(addKeyButton, false);
    focusElement(addKeyButton);
    return;
  }
  setBusy(addKeyButton, false);
  hide(addKeyButton);
  if (passkey?.assurance !== "phrh") {
    // The server could not vouch for this key (no attestation it trusts), so it won't count.
    announce(copy("stepup.key_added_not_enough"), { tone: "error" });
    focusElement(document.getElementById("step-up-no-key-title"));
    return;
  }
  if (passkey.stepUpAfter && new Date(passkey.stepUpAfter) > new Date()) {
    // DESIGN.md: a key added from a weaker session counts only after the hold; don't go on.
    announce(describeNewKey(passkey.stepUpAfter));
    focusElement(document.getElementById("step-up-no-key-title"));
    return;
  }
  announce(describeNewKey(passkey.stepUpAfter));
  setBusy(useKeyButton, true);
  try {
    await stepUp();
  } catch (error) {
    showStepUpError(error);
    setBusy(useKeyButton, false);
    focusElement(useKeyButton);
  }
});

/**
 * The step-up itself: authentication options for the pending request (the server allows only
 * this account's high-assurance passkeys, hints security-key, UV required), get(), verify, then
 * back into /oauth2/authorize, which issues the code (DESIGN.md flow 5, WebAuthn L3 §5.1.4).
 */
async function stepUp() {
  const verdict = await authenticateWithPasskey({ request });
  announce(outcomes.confirmed(), { tone: "success" });
  window.location.assign(safeLocalPath(verdict.redirect));
}

function showStepUpError(error) {
  switch (error?.code) {
    case "no-high-assurance-passkey":
      noKey.open({ focus: false });
      announce(describeMissingKey(error.countsFrom), { tone: "error" });
      return;
    case "insufficient-assurance":
    case "passkey-not-allowed":
      announce(outcomes.wrongKey(), { tone: "error" });
      return;
    case "authorization-request-unknown":
      announce(outcomes.expired(), { tone: "error" });
      return;
    default:
      announce(describeCeremonyError(error), { tone: "error" });
  }
}

/** The outcome message for a freshly added security key: counts now, or from a later time. */
export function describeNewKey(countsFrom) {
  if (!countsFrom || new Date(countsFrom) <= new Date()) return copy("stepup.key_added_now");
  return copy("stepup.key_added_pending", { when: formatWhen(countsFrom) });
}

/** The message when step-up can't succeed: no high-assurance key, or one still on hold. */
export function describeMissingKey(countsFrom) {
  if (countsFrom) return copy("stepup.key_pending", { when: formatWhen(countsFrom) });
  return copy("stepup.no_high_assurance_key");
}

/** Messages around the retried operation. */
export const outcomes = {
  confirmed: () => copy("stepup.confirmed"),
  done: () => copy("stepup.done"),
  retryFailed: () => copy("stepup.retry_failed"),
  expired: () => copy("stepup.expired"),
  wrongKey: () => copy("stepup.wrong_key"),
};

function formatWhen(value) {
  const formatter = new Intl.DateTimeFormat(document.documentElement.lang || undefined, {
    dateStyle: "medium",
    timeStyle: "short",
  });
  return formatter.format(new Date(value));
}
