// /step-up/: "Let's make sure it's you". Says why the bank asks, offers the security key, and
// offers to add one when the account has none that counts yet.
import { loadCopy, copy } from "./copy.js";
import { announce, clearStatus, disclosure, setBusy } from "./dom.js";
import { guardPasskeys } from "./support.js";

await loadCopy().catch(() => {});

const reasons = {
  transfer: () => copy("stepup.reason_transfer"),
  payee: () => copy("stepup.reason_payee"),
  "remove-passkey": () => copy("stepup.reason_remove_passkey"),
};

const reason = new URLSearchParams(window.location.search).get("reason");
if (reason && Object.hasOwn(reasons, reason)) {
  document.querySelector("[data-step-up-reason]").textContent = reasons[reason]();
}

guardPasskeys();

const noKeyPanel = document.getElementById("step-up-no-key");
disclosure(document.querySelector("[data-no-key]"), noKeyPanel, {
  focusTarget: document.getElementById("step-up-no-key-title"),
});

const useKeyButton = document.querySelector("[data-use-key]");
useKeyButton.addEventListener("click", () => {
  clearStatus();
  setBusy(useKeyButton, true);
  announce(copy("stepup.working"));
  // Goes to /oauth2/authorize with acr_values=phrh, max_age=300 and the login hint; the
  // pending operation and its idempotency key are kept for exactly one retry. WebAuthn issue.
  setBusy(useKeyButton, false);
});

const addKeyButton = noKeyPanel.querySelector("[data-add-key]");
addKeyButton.addEventListener("click", () => {
  clearStatus();
  setBusy(addKeyButton, true);
  announce(copy("stepup.add_key_working"));
  // Registration with hints ["security-key"]; the answer says when the key counts, shown with
  // describeNewKey(). WebAuthn issue.
  setBusy(addKeyButton, false);
});

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
