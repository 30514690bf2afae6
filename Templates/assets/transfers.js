// Moving money (POST /api/transfers): the form, a confirmation step, and one Idempotency-Key per
// confirmed transfer, so that "Confirm" again after an unknown outcome can't send the money twice.
// A large transfer is refused for want of a step-up and retried after it (resume-after-step-up.js).
import { copy } from "./copy.js";
import { announce, clearFieldError, clearStatus, focusElement, hide, setBusy, show, showFieldError } from "./dom.js";
import { api } from "./api.js";
import { describeApiError, isRefusal, isSessionProblem } from "./api-problems.js";
import { isLeaving, leaveForStepUp } from "./app-session.js";
import { accountById, load, payeeById, state, whenListsChange } from "./app-state.js";
import { part, quiet, showFormError, showGate, validText } from "./app-view.js";
import { refreshHistories } from "./accounts.js";
import { formatMoney, minorDigits, minorUnits, normaliseAmount } from "./money.js";

const transferForm = document.getElementById("transfer-form");
const fromSelect = document.getElementById("transfer-from");
const toSelect = document.getElementById("transfer-to");
const amountInput = document.getElementById("transfer-amount");
const referenceInput = document.getElementById("transfer-reference");
const transferFormError = document.getElementById("transfer-form-error");
const confirmSection = document.getElementById("transfer-confirm");
const confirmError = document.getElementById("transfer-confirm-error");
const confirmButton = part(confirmSection, "confirm");
const changeButton = part(confirmSection, "change");
let pendingTransfer = null;

function option(value, label) {
  const node = document.createElement("option");
  node.value = value;
  node.textContent = label;
  return node;
}

function renderTransferChoices() {
  const from = fromSelect.value;
  const to = toSelect.value;
  fromSelect.replaceChildren(
    ...state.accounts.map((account) =>
      option(account.id, copy("app.transfer_from_option", { name: account.name, balance: formatMoney(account.balance) })),
    ),
  );
  if (from && accountById(from)) fromSelect.value = from;
  const ownGroup = part(toSelect, "to-accounts");
  const payeeGroup = part(toSelect, "to-payees");
  ownGroup.replaceChildren(...state.accounts.map((account) => option(`account:${account.id}`, account.name)));
  payeeGroup.replaceChildren(...state.payees.map((payee) => option(`payee:${payee.id}`, payee.name)));
  payeeGroup.hidden = state.payees.length === 0;
  payeeGroup.disabled = state.payees.length === 0;
  if (to && [...toSelect.options].some((choice) => choice.value === to)) toSelect.value = to;
  else if (!to && state.accounts.length > 1 && !pendingTransfer) {
    // A sensible default: the first account that isn't the one the money comes from.
    const other = state.accounts.find((account) => account.id !== fromSelect.value);
    if (other) toSelect.value = `account:${other.id}`;
  }
  showCurrency();
}

function showCurrency() {
  part(document, "currency").textContent = accountById(fromSelect.value)?.balance?.currency ?? "";
}

fromSelect.addEventListener("change", showCurrency);

function recipientName(value) {
  const [kind, id] = splitChoice(value);
  if (kind === "account") return accountById(id)?.name ?? "";
  if (kind === "payee") return payeeById(id)?.name ?? "";
  return "";
}

function splitChoice(value) {
  const separator = value.indexOf(":");
  return separator < 0 ? ["", ""] : [value.slice(0, separator), value.slice(separator + 1)];
}

function clearTransferErrors() {
  for (const input of [toSelect, amountInput, referenceInput]) clearFieldError(input);
  hide(transferFormError);
  hide(confirmError);
}

transferForm.addEventListener("submit", (event) => {
  event.preventDefault();
  clearStatus();
  clearTransferErrors();
  hide(part(document, "transfer-done"));
  const from = accountById(fromSelect.value);
  const [kind, id] = splitChoice(toSelect.value);
  const errors = [];
  if (!from) errors.push([fromSelect, copy("app.problem_account_not_found")]);
  if (!kind) errors.push([toSelect, copy("app.transfer_to_missing")]);
  else if (kind === "account" && id === from?.id) errors.push([toSelect, copy("app.transfer_same_account")]);
  const amount = normaliseAmount(amountInput.value, minorDigits(from?.balance) || 2);
  const amountErrors = {
    missing: () => copy("app.amount_missing"),
    format: () => copy("app.amount_format"),
    zero: () => copy("app.amount_zero"),
    "too-large": () => copy("app.amount_too_large"),
  };
  if (amount.error) errors.push([amountInput, amountErrors[amount.error]()]);
  const reference = referenceInput.value.trim();
  if (reference && !validText(reference, 140)) errors.push([referenceInput, copy("app.reference_invalid")]);
  if (errors.length > 0) {
    for (const [input, message] of errors) showFieldError(input, message);
    focusElement(errors[0][0]);
    return;
  }
  const money = { amount: amount.value, currency: from.balance.currency };
  const body = { fromAccountId: from.id, amount: money };
  if (kind === "account") body.toAccountId = id;
  else body.payeeId = id;
  if (reference) body.reference = reference;
  const threshold = state.me?.stepUp?.threshold;
  const large = Boolean(threshold && threshold.currency === money.currency && minorUnits(money.amount) >= minorUnits(threshold.amount));
  // One Idempotency-Key per confirmed transfer: every retry of this confirmation sends the same one.
  pendingTransfer = { body, idempotencyKey: crypto.randomUUID(), to: recipientName(toSelect.value), from: from.name, large };
  showConfirmation();
});

function showConfirmation() {
  const { body, to, from, large } = pendingTransfer;
  part(confirmSection, "confirm-summary").textContent = copy("app.transfer_confirm_summary", { amount: formatMoney(body.amount), to });
  part(confirmSection, "confirm-from").textContent = from;
  part(confirmSection, "confirm-to").textContent = to;
  part(confirmSection, "confirm-amount").textContent = formatMoney(body.amount);
  part(confirmSection, "confirm-reference").textContent = body.reference || copy("app.transfer_confirm_no_reference");
  part(confirmSection, "confirm-step-up").hidden = !large;
  hide(confirmError);
  hide(transferForm);
  show(confirmSection);
  focusElement(document.getElementById("transfer-confirm-title"));
}

function backToForm({ focus = amountInput } = {}) {
  pendingTransfer = null;
  hide(confirmSection);
  show(transferForm);
  if (focus) focusElement(focus);
}

changeButton.addEventListener("click", () => {
  clearStatus();
  backToForm();
});

confirmButton.addEventListener("click", async () => {
  if (!pendingTransfer) return;
  clearStatus();
  hide(confirmError);
  setBusy(confirmButton, true);
  setBusy(changeButton, true);
  announce(copy("app.transfer_sending"));
  const operation = {
    kind: "transfer",
    method: "POST",
    path: "/api/transfers",
    body: pendingTransfer.body,
    idempotencyKey: pendingTransfer.idempotencyKey,
    summary: { amount: pendingTransfer.body.amount, to: pendingTransfer.to },
  };
  try {
    await api(operation.method, operation.path, { body: operation.body, idempotencyKey: operation.idempotencyKey });
    transferSent(operation);
  } catch (error) {
    if (error?.code === "step-up-required") return leaveForStepUp(operation, error);
    quiet();
    if (isSessionProblem(error)) showGate(copy("app.session_ended"));
    if (isRefusal(error)) {
      // Nothing moved; the same key would only replay this answer, so the next try gets a new one.
      backToForm({ focus: null });
      const field = { "amount-invalid": amountInput, "amount-not-positive": amountInput, "amount-out-of-range": amountInput, "reference-invalid": referenceInput, "same-account": toSelect, "payee-not-found": toSelect }[error.code];
      if (field) {
        showFieldError(field, describeApiError(error));
        focusElement(field);
      } else showFormError(transferFormError, describeApiError(error));
      if (["account-not-found", "payee-not-found", "currency-mismatch"].includes(error.code)) load("accounts", "payees");
    } else {
      // Unknown outcome (network, 5xx, rate limit): stay here; "Confirm" again sends the same key.
      showFormError(confirmError, describeApiError(error, { transfer: true }));
    }
  } finally {
    if (!isLeaving()) {
      setBusy(confirmButton, false);
      setBusy(changeButton, false);
    }
  }
});

/** Shows a transfer as sent (after a step-up with `prefix` before it, as an announcement) and reloads what it changed. */
export function transferSent(operation, { prefix = "" } = {}) {
  const message = copy("app.transfer_sent", { amount: formatMoney(operation.summary?.amount), to: operation.summary?.to ?? "" });
  if (!prefix) {
    pendingTransfer = null;
    transferForm.reset();
    hide(confirmSection);
    show(transferForm);
  }
  const done = part(document, "transfer-done");
  done.textContent = prefix ? `${prefix} ${message}` : message;
  show(done);
  // Straight after "Confirm" the focus moves to the outcome (read once); after a step-up the page
  // is new, so the outcome is announced at the top instead.
  if (prefix) announce(done.textContent, { tone: "success" });
  else {
    quiet();
    focusElement(done);
  }
  renderTransferChoices();
  refreshHistories();
  load("me", "accounts", "recent");
}

/** The "Send" button of a payee: the form, with that payee chosen, ready for an amount. */
export function startTransferToPayee(payee) {
  if (pendingTransfer) backToForm({ focus: null });
  toSelect.value = `payee:${payee.id}`;
  clearFieldError(toSelect);
  document.getElementById("transfers").scrollIntoView({ block: "start" });
  focusElement(amountInput);
}

whenListsChange(renderTransferChoices);
