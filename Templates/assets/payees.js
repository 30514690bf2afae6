// Payees (GET and POST /api/payees): the list with a "Send" button each, and the form that adds
// one. Adding a payee may ask for a step-up, after which it is retried (resume-after-step-up.js).
import { copy } from "./copy.js";
import { announce, clearFieldError, clearStatus, disclosure, focusElement, hide, setBusy, showFieldError } from "./dom.js";
import { api } from "./api.js";
import { describeApiError, isSessionProblem } from "./api-problems.js";
import { isLeaving, leaveForStepUp } from "./app-session.js";
import { listsChanged, load, state } from "./app-state.js";
import { fillSection, fromTemplate, part, quiet, showFormError, showGate, validText } from "./app-view.js";
import { displayAccountNumber, normaliseAccountNumber } from "./account-number.js";
import { startTransferToPayee } from "./transfers.js";

const payeeForm = document.getElementById("payee-form");
const payeeAddButton = part(document, "payee-add");
const payeeName = document.getElementById("payee-name");
const payeeNumber = document.getElementById("payee-number");
const payeeFormError = document.getElementById("payee-form-error");
const payeeDisclosure = disclosure(payeeAddButton, payeeForm, { focusTarget: payeeName });

part(payeeForm, "payee-cancel").addEventListener("click", () => {
  payeeForm.reset();
  clearPayeeErrors();
  payeeDisclosure.close();
  focusElement(payeeAddButton);
});

function clearPayeeErrors() {
  clearFieldError(payeeName);
  clearFieldError(payeeNumber);
  hide(payeeFormError);
}

export async function loadPayees() {
  const answer = await api("GET", "/api/payees");
  state.payees = Array.isArray(answer?.payees) ? answer.payees : [];
  fillSection("payees", state.payees, renderPayee);
  listsChanged();
}

function renderPayee(payee) {
  const item = fromTemplate("payee-template");
  part(item, "name").textContent = payee.name;
  part(item, "number").textContent = displayAccountNumber(payee.number);
  const send = part(item, "send");
  send.setAttribute("aria-label", copy("app.payee_send_label", { name: payee.name }));
  send.addEventListener("click", () => startTransferToPayee(payee));
  return item;
}

payeeForm.addEventListener("submit", async (event) => {
  event.preventDefault();
  clearStatus();
  clearPayeeErrors();
  const name = payeeName.value.trim();
  const number = normaliseAccountNumber(payeeNumber.value);
  const errors = [];
  if (!name) errors.push([payeeName, copy("app.payee_name_missing")]);
  else if (!validText(name, 70)) errors.push([payeeName, copy("app.payee_name_invalid")]);
  if (!payeeNumber.value.trim()) errors.push([payeeNumber, copy("app.payee_number_missing")]);
  else if (!number) errors.push([payeeNumber, copy("app.payee_number_format")]);
  else if (state.accounts.some((account) => String(account.number).replace(/\s/g, "") === number)) {
    errors.push([payeeNumber, copy("app.payee_number_own")]);
  }
  if (errors.length > 0) {
    for (const [input, message] of errors) showFieldError(input, message);
    focusElement(errors[0][0]);
    return;
  }
  const submit = payeeForm.querySelector('button[type="submit"]');
  setBusy(submit, true);
  announce(copy("app.payee_adding"));
  const operation = { kind: "payee", method: "POST", path: "/api/payees", body: { name, number }, summary: { name } };
  try {
    const answer = await api(operation.method, operation.path, { body: operation.body });
    payeeForm.reset();
    payeeDisclosure.close({ focus: false });
    announce(copy("app.payee_added", { name: answer?.payee?.name ?? name }), { tone: "success" });
    focusElement(payeeAddButton);
    await load("payees");
  } catch (error) {
    if (error?.code === "step-up-required") return leaveForStepUp(operation, error);
    quiet();
    if (isSessionProblem(error)) showGate(copy("app.session_ended"));
    const field = {
      "payee-name-invalid": payeeName,
      "account-number-invalid": payeeNumber,
      "account-number-unknown": payeeNumber,
      "payee-own-account": payeeNumber,
      "payee-exists": payeeNumber,
    }[error?.code];
    if (field) {
      showFieldError(field, describeApiError(error));
      focusElement(field);
    } else showFormError(payeeFormError, describeApiError(error));
  } finally {
    if (!isLeaving()) setBusy(submit, false);
  }
});
