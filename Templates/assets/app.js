// /app/ and /app/callback/: the signed-in web app. It signs in silently through the provider
// session (oauth.js), then shows accounts with their history, moves money with a confirmation step,
// keeps payees, and manages passkeys (DESIGN.md flow 6). Anything the banking API calls high-risk
// goes through a step-up (flow 5): the operation waits in sessionStorage (api.js) and is retried
// exactly once when the browser comes back through /app/callback/.
import { loadCopy, copy } from "./copy.js";
import { announce, clearFieldError, clearStatus, disclosure, focusElement, hide, setBusy, show, showFieldError } from "./dom.js";
import { rememberUsername, rememberedUsername } from "./account-hint.js";
import { describeCeremonyError, describeRetryAfter } from "./ceremony-errors.js";
import { guardPasskeys } from "./support.js";
import { registerPasskey } from "./webauthn.js";
import { authorizationResponse, beginAuthorization, clientId, completeAuthorization, forgetTokens, onSessionEnded } from "./oauth.js";
import { api, pendingOperation, retryOperation, stepUp, takePendingOperation } from "./api.js";

await loadCopy().catch(() => {});

const language = document.documentElement.lang || undefined;
const historyPageSize = 10;
const silentRetryKey = "passbank.app.silentRetryAt";

let userDetailsSignalled = false;
const state = { me: null, accounts: [], payees: [], passkeys: [], password: true, transfers: null };
const sections = new Map([...document.querySelectorAll("[data-section]")].map((element) => [element.dataset.section, element]));
const signingIn = document.querySelector("[data-signing-in]");
const gate = document.getElementById("app-gate");
const content = document.querySelector("[data-app-content]");

// ---------- Small helpers ----------

/** Shows exactly one state of a section: "loading", "ready", "empty" or "error". */
export function setSectionState(name, sectionState) {
  const section = sections.get(name);
  if (!section) return;
  for (const element of section.querySelectorAll("[data-state]")) {
    element.hidden = element.dataset.state !== sectionState;
  }
  section.setAttribute("aria-busy", String(sectionState === "loading"));
}

/** Fills a section's list with items made by render(item) and picks "ready" or "empty". */
export function fillSection(name, items, render) {
  const list = sections.get(name)?.querySelector('[data-state="ready"]');
  if (!list) return;
  list.replaceChildren(...items.map(render));
  setSectionState(name, items.length > 0 ? "ready" : "empty");
}

function fromTemplate(id) {
  return document.getElementById(id).content.firstElementChild.cloneNode(true);
}

function part(root, name) {
  return root.querySelector(`[data-${name}]`);
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Money from the API ({amount: "2500.00", currency: "EUR"}) as "2,500.00 EUR", exact (the amount is formatted as a decimal string). */
export function formatMoney(money) {
  if (!money || typeof money.amount !== "string") return "";
  let number = money.amount;
  try {
    const formatter = new Intl.NumberFormat(language, { style: "currency", currency: money.currency, currencyDisplay: "code" });
    number = formatter
      .formatToParts(money.amount)
      .filter((piece) => piece.type !== "currency" && piece.type !== "literal")
      .map((piece) => piece.value)
      .join("");
  } catch {
    // An unknown currency: the API's own decimal text is still right.
  }
  return copy("app.money", { amount: number, currency: money.currency });
}

function formatDate(value, { time = false } = {}) {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return "";
  const options = time ? { dateStyle: "medium", timeStyle: "short" } : { dateStyle: "medium" };
  return new Intl.DateTimeFormat(language, options).format(date);
}

/** How many minor digits a currency has on the wire, read from an amount the API sent ("5000.00" -> 2). */
function minorDigits(money) {
  const match = /\.(\d+)$/.exec(money?.amount ?? "");
  return match ? match[1].length : 0;
}

/** A wire decimal as integer minor units (BigInt), never floating point. */
function minorUnits(amount) {
  const negative = amount.startsWith("-");
  const units = BigInt(amount.replace("-", "").replace(".", ""));
  return negative ? -units : units;
}

/**
 * Turns what a person typed ("2,500", "2500", "2500.5", " 50 ") into the API's decimal text with
 * exactly `digits` minor digits ("2500.00"). Answers {value} or {error: "missing" | "format" | "zero" | "too-large"}.
 * Only a comma every three digits and a point before the cents are accepted: anything else (a comma
 * for cents, signs, exponents, letters) is refused rather than guessed.
 */
export function normaliseAmount(text, digits = 2) {
  let compact = String(text ?? "").replace(/[\s\u00a0\u202f]/g, "");
  if (!compact) return { error: "missing" };
  if (compact.startsWith(".")) compact = `0${compact}`;
  const match = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d*))?$/.exec(compact);
  if (!match) return { error: "format" };
  const fraction = match[2] ?? "";
  if (fraction.length > digits) return { error: "format" };
  const integer = match[1].replace(/,/g, "").replace(/^0+(?=\d)/, "");
  if (integer.length > 15) return { error: "too-large" };
  const value = digits > 0 ? `${integer}.${fraction.padEnd(digits, "0")}` : integer;
  if (minorUnits(value) === 0n) return { error: "zero" };
  return { value };
}

/** A Passbank account number without spaces, upper case, when its shape and check digits are right (ISO 13616), else null. */
export function normaliseAccountNumber(text) {
  const compact = String(text ?? "").replace(/\s/g, "").toUpperCase();
  if (!/^PB\d{2}PASS\d{10}$/.test(compact)) return null;
  const rearranged = compact.slice(4) + compact.slice(0, 4);
  let remainder = 0;
  for (const character of rearranged) {
    const value = /\d/.test(character) ? character : String(character.charCodeAt(0) - 55);
    for (const digit of value) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder === 1 ? compact : null;
}

/** An account number in groups of four for reading ("PB12PASS…" -> "PB12 PASS …"); other text as it is. */
export function displayAccountNumber(number) {
  const text = String(number ?? "");
  return /^[A-Z0-9]{18}$/.test(text) ? text.replace(/(.{4})(?=.)/g, "$1 ") : text;
}

// eslint-disable-next-line no-control-regex
const controlCharacters = /[\u0000-\u001f\u007f-\u009f]/;

function validText(text, maxLength) {
  return text.length > 0 && [...text].length <= maxLength && !controlCharacters.test(text);
}

// ---------- What an API problem means to the person (Site/copy/app.md) ----------

const problemMessages = {
  "token-missing": () => copy("app.problem_token_missing"),
  "token-invalid": () => copy("app.problem_token_invalid"),
  "scope-insufficient": () => copy("app.problem_scope_insufficient"),
  "step-up-required": () => copy("app.problem_step_up_required"),
  "operation-denied": () => copy("app.problem_operation_denied"),
  "amount-invalid": () => copy("app.problem_amount_invalid"),
  "amount-not-positive": () => copy("app.problem_amount_not_positive"),
  "amount-out-of-range": () => copy("app.problem_amount_out_of_range"),
  "currency-invalid": () => copy("app.problem_currency_invalid"),
  "currency-mismatch": () => copy("app.problem_currency_mismatch"),
  "account-not-found": () => copy("app.problem_account_not_found"),
  "payee-not-found": () => copy("app.problem_payee_not_found"),
  "same-account": () => copy("app.problem_same_account"),
  "insufficient-funds": () => copy("app.problem_insufficient_funds"),
  "daily-limit-exceeded": () => copy("app.problem_daily_limit_exceeded"),
  "reference-invalid": () => copy("app.problem_reference_invalid"),
  "idempotency-key-missing": () => copy("app.problem_idempotency_key_missing"),
  "idempotency-key-invalid": () => copy("app.problem_idempotency_key_invalid"),
  "idempotency-key-reused": () => copy("app.problem_idempotency_key_reused"),
  "account-number-invalid": () => copy("app.problem_account_number_invalid"),
  "account-number-unknown": () => copy("app.problem_account_number_unknown"),
  "payee-own-account": () => copy("app.problem_payee_own_account"),
  "payee-exists": () => copy("app.problem_payee_exists"),
  "payee-name-invalid": () => copy("app.problem_payee_name_invalid"),
  "cursor-invalid": () => copy("app.problem_cursor_invalid"),
  "passkey-not-found": () => copy("app.problem_passkey_not_found"),
  "passkey-name-invalid": () => copy("app.problem_passkey_name_invalid"),
  "last-sign-in-method": () => copy("app.problem_last_sign_in_method"),
  "malformed-request": () => copy("app.problem_malformed_request"),
  "payload-too-large": () => copy("app.problem_payload_too_large"),
  "unsupported-media-type": () => copy("app.problem_unsupported_media_type"),
  "forbidden-origin": () => copy("app.problem_forbidden_origin"),
};

/** Words for a failed API call: what happened and what to do next. */
export function describeApiError(error, { transfer = false } = {}) {
  if (error?.code === "rate-limited") return describeRetryAfter(error.retryAfter);
  if (error?.code === "network") return transfer ? copy("app.problem_network_transfer") : copy("app.problem_network");
  const describe = problemMessages[error?.code];
  if (describe) return describe();
  if ((error?.status ?? 0) >= 500 || error?.code === "server-error") return copy("app.problem_server_error");
  return copy("app.problem_unknown");
}

function isSessionProblem(error) {
  return error?.code === "token-missing" || error?.code === "token-invalid";
}

/** A definitive refusal (nothing changed, sending the same again gives the same answer). */
function isRefusal(error) {
  return (error?.status ?? 0) >= 400 && error.status < 500 && error.code !== "rate-limited" && error.code !== "step-up-required";
}

/**
 * Empties the status region, also of a "working…" message still on its way there (announce() writes
 * after a moment), so that a stale "Sending…" never stands beside an error.
 */
function quiet() {
  clearStatus();
  window.setTimeout(clearStatus, 60);
}

function showFormError(box, message) {
  box.textContent = message;
  show(box);
  focusElement(box);
}

// ---------- Signing in (oauth.js) ----------

function showGate(message) {
  hide(signingIn);
  part(gate, "gate-message").textContent = message;
  show(gate);
  focusElement(part(gate, "gate-message"));
}

part(gate, "sign-in-again").addEventListener("click", (event) => {
  setBusy(event.currentTarget, true);
  forgetTokens();
  beginAuthorization({ prompt: "none" });
});

onSessionEnded(() => showGate(copy("app.session_ended")));

function silentRetryAllowed() {
  try {
    const last = Number(window.sessionStorage.getItem(silentRetryKey));
    window.sessionStorage.setItem(silentRetryKey, String(Date.now()));
    return !(last && Date.now() - last < 30_000);
  } catch {
    return false;
  }
}

/**
 * Gets tokens: from the authorization response in the URL (/app/callback/?code=&state=), else by a
 * silent prompt=none round trip. Answers {purpose} once signed in, or null when the page is leaving
 * or has shown why it can't go on.
 */
async function signIn() {
  const response = authorizationResponse();
  if (!response) {
    await beginAuthorization({ prompt: "none" });
    return null;
  }
  // A reload must go through the silent round trip again, never reuse this code.
  window.history.replaceState(null, "", "/app/");
  try {
    return await completeAuthorization(response);
  } catch (error) {
    return handleSignInFailure(error);
  }
}

function handleSignInFailure(error) {
  const interactive = ["login_required", "interaction_required", "consent_required", "account_selection_required"];
  if (interactive.includes(error?.error) && error.purpose !== "step-up") {
    // OIDC Core §3.1.2.6: the provider needs the person; the remembered account goes to welcome back.
    window.location.replace(rememberedUsername() ? "/welcome-back/" : "/signin/");
    return null;
  }
  if (error?.purpose === "step-up" || (error?.error === "state_mismatch" && silentRetryAllowed())) {
    // The step-up did not finish (or this answer was not ours): sign in quietly again; a pending
    // operation is then reported as not done.
    beginAuthorization({ prompt: "none" });
    return null;
  }
  const refused = ["access_denied", "unauthorized_client", "invalid_scope", "invalid_request", "invalid_client"];
  showGate(refused.includes(error?.error) ? copy("app.sign_in_refused") : copy("app.sign_in_failed"));
  return null;
}

// ---------- Loading ----------

async function loadMe() {
  state.me = await api("GET", "/api/me");
  if (state.me?.username) rememberUsername(state.me.username);
  const greeting = part(document, "greeting");
  const name = state.me?.displayName || state.me?.username;
  if (name) {
    greeting.textContent = copy("app.greeting", { name });
    show(greeting);
  }
  const hint = part(document, "large-hint");
  if (state.me?.stepUp?.threshold) {
    hint.textContent = copy("app.transfer_large_hint", { threshold: formatMoney(state.me.stepUp.threshold) });
    show(hint);
  }
  const remaining = part(document, "daily-remaining");
  if (state.me?.dailyRemaining) {
    remaining.textContent = copy("app.transfer_daily_remaining", { amount: formatMoney(state.me.dailyRemaining) });
    show(remaining);
  }
  if (!userDetailsSignalled) {
    userDetailsSignalled = true;
    signalCurrentUserDetails();
  }
}

async function loadAccounts() {
  const answer = await api("GET", "/api/accounts");
  state.accounts = Array.isArray(answer?.accounts) ? answer.accounts : [];
  renderAccounts();
  renderTransferChoices();
  renderRecentTransfers();
}

async function loadPayees() {
  const answer = await api("GET", "/api/payees");
  state.payees = Array.isArray(answer?.payees) ? answer.payees : [];
  fillSection("payees", state.payees, renderPayee);
  renderTransferChoices();
  renderRecentTransfers();
}

async function loadPasskeys() {
  const answer = await api("GET", "/api/passkeys");
  state.passkeys = Array.isArray(answer?.passkeys) ? answer.passkeys : [];
  state.password = answer?.password === true;
  const lastWay = state.passkeys.length === 1 && !state.password;
  fillSection("passkeys", state.passkeys, (passkey) => renderPasskey(passkey, { isLast: lastWay }));
}

async function loadRecentTransfers() {
  const answer = await api("GET", "/api/transfers?limit=5");
  state.transfers = Array.isArray(answer?.transfers) ? answer.transfers : [];
  renderRecentTransfers();
}

/** Recent transfers name accounts and payees, so they are drawn again whenever those arrive. */
function renderRecentTransfers() {
  if (state.transfers) fillSection("recent", state.transfers, renderRecentTransfer);
}

/** Runs loaders side by side; a section that fails shows its error state, a lost session the gate. */
async function load(loaders) {
  await Promise.all(
    Object.entries(loaders).map(async ([name, loader]) => {
      try {
        await loader();
      } catch (error) {
        if (isSessionProblem(error)) showGate(copy("app.session_ended"));
        else setSectionState(name, "error");
      }
    }),
  );
}

const loaders = {
  me: loadMe,
  accounts: loadAccounts,
  payees: loadPayees,
  passkeys: loadPasskeys,
  recent: loadRecentTransfers,
};

// ---------- Accounts and history ----------

const accountViews = new Map();

function renderAccounts() {
  const list = sections.get("accounts").querySelector('[data-state="ready"]');
  const items = state.accounts.map((account) => {
    let view = accountViews.get(account.id);
    if (!view) {
      view = createAccountView(account);
      accountViews.set(account.id, view);
    }
    view.update(account);
    return view.item;
  });
  list.replaceChildren(...items);
  setSectionState("accounts", items.length > 0 ? "ready" : "empty");
}

function createAccountView(initial) {
  const item = fromTemplate("account-template");
  const index = accountViews.size;
  const toggle = part(item, "history-toggle");
  const panel = part(item, "history");
  const list = part(item, "history-list");
  const more = part(item, "history-more");
  const loading = part(item, "history-loading");
  const empty = part(item, "history-empty");
  const end = part(item, "history-end");
  const errorBox = part(item, "history-error");
  panel.id = `history-${index}`;
  part(item, "name").id = `account-${index}-name`;
  // "Show history" is the same words on every account: the account's name tells them apart.
  toggle.setAttribute("aria-describedby", `account-${index}-name`);
  toggle.setAttribute("aria-controls", panel.id);
  let account = initial;
  let cursor = null;
  let loaded = false;
  // A newer first page makes any answer still on its way for an older one stale.
  let generation = 0;

  async function loadPage({ append }) {
    if (!append) generation += 1;
    const asked = generation;
    hide(errorBox);
    hide(end);
    if (append) setBusy(more, true);
    else {
      list.replaceChildren();
      cursor = null;
      hide(more);
      hide(empty);
      show(loading);
    }
    const query = new URLSearchParams({ limit: String(historyPageSize) });
    if (append && cursor) query.set("cursor", cursor);
    try {
      const answer = await api("GET", `/api/accounts/${encodeURIComponent(account.id)}/transactions?${query}`);
      if (asked !== generation) return;
      const transactions = Array.isArray(answer?.transactions) ? answer.transactions : [];
      const rows = transactions.map(renderTransaction);
      list.append(...rows);
      cursor = typeof answer?.nextCursor === "string" && answer.nextCursor ? answer.nextCursor : null;
      loaded = true;
      hide(loading);
      if (!append && rows.length === 0) show(empty);
      if (cursor) show(more);
      else {
        hide(more);
        if (list.children.length > 0 && append) show(end);
      }
      if (append && rows.length > 0) {
        announce(copy("app.history_more_loaded", { count: rows.length }));
        focusElement(rows[0]);
      }
    } catch (error) {
      if (asked !== generation) return;
      hide(loading);
      if (isSessionProblem(error)) showGate(copy("app.session_ended"));
      errorBox.textContent = error?.code === "cursor-invalid" || error?.code === "network" ? describeApiError(error) : copy("app.history_failed");
      show(errorBox);
      if (append) focusElement(errorBox);
    } finally {
      setBusy(more, false);
    }
  }

  toggle.addEventListener("click", () => {
    const open = panel.hidden;
    panel.hidden = !open;
    toggle.setAttribute("aria-expanded", String(open));
    toggle.textContent = open ? copy("app.history_hide") : copy("app.history_show");
    if (open && !loaded) loadPage({ append: false });
    if (!open) loaded = false;
  });
  more.addEventListener("click", () => loadPage({ append: true }));

  return {
    item,
    update(next) {
      account = next;
      part(item, "name").textContent = account.name ?? "";
      part(item, "number").textContent = displayAccountNumber(account.number);
      part(item, "balance").textContent = formatMoney(account.balance);
      list.setAttribute("aria-label", copy("app.history_heading", { name: account.name ?? "" }));
    },
    /** Reloads an open history from the newest entry (after money moved). */
    refresh() {
      if (!panel.hidden) loadPage({ append: false });
      else loaded = false;
    },
  };
}

function renderTransaction(transaction) {
  const row = fromTemplate("transaction-template");
  row.tabIndex = -1;
  const outgoing = String(transaction.amount?.amount ?? "").startsWith("-");
  row.classList.add(outgoing ? "transaction--out" : "transaction--in");
  part(row, "counterparty").textContent = transaction.counterparty?.name || transaction.counterparty?.number || "";
  part(row, "date").textContent = formatDate(transaction.createdAt, { time: true });
  const reference = part(row, "reference");
  if (transaction.reference) reference.textContent = copy("app.history_reference", { reference: transaction.reference });
  else reference.remove();
  part(row, "direction").textContent = outgoing ? copy("app.history_money_out") : copy("app.history_money_in");
  part(row, "amount").textContent = formatMoney(transaction.amount);
  part(row, "balance-after").textContent = transaction.balanceAfter
    ? copy("app.history_balance_after", { amount: formatMoney(transaction.balanceAfter) })
    : "";
  return row;
}

function refreshHistories() {
  for (const view of accountViews.values()) view.refresh();
}

// ---------- Moving money ----------

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

function accountById(id) {
  return state.accounts.find((account) => account.id === id);
}

function payeeById(id) {
  return state.payees.find((payee) => payee.id === id);
}

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
      if (["account-not-found", "payee-not-found", "currency-mismatch"].includes(error.code)) load({ accounts: loadAccounts, payees: loadPayees });
    } else {
      // Unknown outcome (network, 5xx, rate limit): stay here; "Confirm" again sends the same key.
      showFormError(confirmError, describeApiError(error, { transfer: true }));
    }
  } finally {
    if (!leaving) {
      setBusy(confirmButton, false);
      setBusy(changeButton, false);
    }
  }
});

function transferSent(operation, { prefix = "" } = {}) {
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
  load({ me: loadMe, accounts: loadAccounts, recent: loadRecentTransfers });
}

function renderRecentTransfer(transfer) {
  const item = fromTemplate("recent-template");
  const to = transfer.toAccountId ? accountById(transfer.toAccountId)?.name : payeeById(transfer.payeeId)?.name;
  part(item, "title").textContent = copy("app.transfer_item", { amount: formatMoney(transfer.amount), to: to ?? "" });
  part(item, "facts").textContent = copy("app.transfer_item_from", {
    from: accountById(transfer.fromAccountId)?.name ?? "",
    date: formatDate(transfer.createdAt, { time: true }),
  });
  return item;
}

// ---------- Step-up (DESIGN.md flow 5) ----------

/** True once the page is on its way to a step-up: buttons stay busy until it has gone. */
let leaving = false;

function leaveForStepUp(operation, error) {
  leaving = true;
  announce(copy("app.stepup_leaving"));
  const username = state.me?.username ?? rememberedUsername() ?? undefined;
  stepUp(operation, error, { username });
}

/**
 * Back from /oauth2/authorize: a pending operation is retried exactly once when the round trip was
 * its step-up, and only reported as not done when the person came back another way or too late.
 */
async function resumePendingOperation(purpose) {
  const taken = takePendingOperation();
  if (!taken) return;
  const { operation, expired } = taken;
  if (expired) {
    announce(copy("app.stepup_expired"), { tone: "error" });
    return;
  }
  if (purpose !== "step-up") {
    announce(copy("app.stepup_cancelled"));
    return;
  }
  announce(copy("stepup.confirmed"));
  let result;
  try {
    result = await retryOperation(operation);
  } catch (error) {
    const reason = error?.code === "step-up-required" ? copy("app.stepup_again") : describeApiError(error, { transfer: operation.kind === "transfer" });
    announce(`${copy("stepup.retry_failed")} ${reason}`, { tone: "error" });
    if (operation.kind === "remove-passkey") load({ passkeys: loadPasskeys });
    return;
  }
  const done = copy("stepup.done");
  if (operation.kind === "transfer") {
    transferSent(operation, { prefix: done });
  } else if (operation.kind === "payee") {
    announce(`${done} ${copy("app.payee_added", { name: result?.payee?.name ?? operation.summary?.name ?? "" })}`, { tone: "success" });
    await load({ payees: loadPayees });
  } else if (operation.kind === "remove-passkey") {
    announce(`${done} ${copy("app.passkey_removed")}`, { tone: "success" });
    await load({ passkeys: loadPasskeys });
    signalAcceptedCredentials();
  }
}

// ---------- Payees ----------

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

function renderPayee(payee) {
  const item = fromTemplate("payee-template");
  part(item, "name").textContent = payee.name;
  part(item, "number").textContent = displayAccountNumber(payee.number);
  const send = part(item, "send");
  send.setAttribute("aria-label", copy("app.payee_send_label", { name: payee.name }));
  send.addEventListener("click", () => {
    if (pendingTransfer) backToForm({ focus: null });
    toSelect.value = `payee:${payee.id}`;
    clearFieldError(toSelect);
    document.getElementById("transfers").scrollIntoView({ block: "start" });
    focusElement(amountInput);
  });
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
    await load({ payees: loadPayees });
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
    if (!leaving) setBusy(submit, false);
  }
});

// ---------- Passkeys (DESIGN.md flow 6) ----------

const passkeysError = document.getElementById("passkeys-error");
let passkeyIndex = 0;

function passkeyName(passkey) {
  return passkey.name || passkey.provider || copy("app.passkey_unnamed");
}

/** One passkey card, from an item of GET /api/passkeys. */
export function renderPasskey(passkey, { isLast = false } = {}) {
  const item = fromTemplate("passkey-template");
  const index = (passkeyIndex += 1);
  const name = passkeyName(passkey);
  item.dataset.passkeyId = passkey.id;
  part(item, "name").textContent = name;
  show(part(item, passkey.deviceBound ? "icon-key" : "icon-device"));
  const facts = [];
  // The server names a provider it doesn't know "Passkey", which says nothing beside a chosen name.
  const provider = passkey.provider && ![name, copy("app.passkey_unnamed")].includes(passkey.provider) ? passkey.provider : null;
  if (provider) facts.push(copy("app.passkey_provider", { provider }));
  facts.push(passkey.deviceBound ? copy("app.passkey_on_key") : copy("app.passkey_on_devices"));
  facts.push(copy("app.passkey_created", { date: formatDate(passkey.createdAt) }));
  facts.push(passkey.lastUsedAt ? copy("app.passkey_last_used", { date: formatDate(passkey.lastUsedAt) }) : copy("app.passkey_never_used"));
  facts.push(stepUpFact(passkey));
  part(item, "facts").replaceChildren(...facts.map((fact) => element("li", "", fact)));

  const renameButton = part(item, "rename");
  const removeButton = part(item, "remove");
  renameButton.setAttribute("aria-label", copy("app.rename_label", { name }));
  removeButton.setAttribute("aria-label", copy("app.remove_label", { name }));
  if (isLast) {
    const why = part(item, "last-note");
    why.id = `passkey-${index}-last`;
    show(why);
    removeButton.disabled = true;
    removeButton.setAttribute("aria-describedby", why.id);
  }

  // Rename (PATCH /api/passkeys/{id}): an inline form.
  const form = part(item, "rename-form");
  const input = part(item, "rename-input");
  input.id = `passkey-${index}-name`;
  part(item, "rename-label").htmlFor = input.id;
  part(item, "rename-hint").id = `${input.id}-hint`;
  part(item, "rename-error").id = `${input.id}-error`;
  input.setAttribute("aria-describedby", `${input.id}-hint ${input.id}-error`);
  const renameDisclosure = disclosure(renameButton, form, { focusTarget: input });
  renameButton.setAttribute("aria-controls", (form.id = `passkey-${index}-rename`));
  renameButton.addEventListener("click", () => {
    input.value = passkey.name ?? "";
    clearFieldError(input);
  });
  part(item, "rename-cancel").addEventListener("click", () => {
    renameDisclosure.close({ focus: false });
    focusElement(renameButton);
  });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearStatus();
    clearFieldError(input);
    const newName = input.value.trim();
    if (!newName) return fieldFailure(input, copy("app.passkey_name_missing"));
    if (!validText(newName, 64)) return fieldFailure(input, copy("app.passkey_name_invalid"));
    const submit = form.querySelector('button[type="submit"]');
    setBusy(submit, true);
    try {
      const answer = await api("PATCH", `/api/passkeys/${encodeURIComponent(passkey.id)}`, { body: { name: newName } });
      announce(copy("app.passkey_renamed", { name: answer?.passkey?.name ?? newName }), { tone: "success" });
      await load({ passkeys: loadPasskeys });
      focusPasskeyButton(passkey.id, "rename");
    } catch (error) {
      setBusy(submit, false);
      if (isSessionProblem(error)) showGate(copy("app.session_ended"));
      if (error?.code === "passkey-not-found") {
        showFormError(passkeysError, describeApiError(error));
        load({ passkeys: loadPasskeys });
      } else fieldFailure(input, describeApiError(error));
    }
  });

  // Remove (DELETE /api/passkeys/{id}): asks first; the API asks for a step-up.
  const confirm = part(item, "remove-confirm");
  const question = part(item, "remove-question");
  question.textContent = copy("app.passkey_remove_question", { name });
  const removeDisclosure = disclosure(removeButton, confirm, { focusTarget: question });
  removeButton.setAttribute("aria-controls", (confirm.id = `passkey-${index}-remove`));
  part(item, "remove-no").addEventListener("click", () => {
    removeDisclosure.close({ focus: false });
    focusElement(removeButton);
  });
  const yes = part(item, "remove-yes");
  yes.addEventListener("click", async () => {
    clearStatus();
    hide(passkeysError);
    setBusy(yes, true);
    announce(copy("app.passkey_removing"));
    const operation = {
      kind: "remove-passkey",
      method: "DELETE",
      path: `/api/passkeys/${encodeURIComponent(passkey.id)}`,
      summary: { name },
    };
    try {
      await api(operation.method, operation.path);
      announce(copy("app.passkey_removed"), { tone: "success" });
      await load({ passkeys: loadPasskeys });
      signalAcceptedCredentials();
      focusElement(document.getElementById("passkeys-title"));
    } catch (error) {
      if (error?.code === "step-up-required") return leaveForStepUp(operation, error);
      quiet();
      setBusy(yes, false);
      if (isSessionProblem(error)) showGate(copy("app.session_ended"));
      showFormError(passkeysError, describeApiError(error));
      if (error?.code === "passkey-not-found" || error?.code === "last-sign-in-method") load({ passkeys: loadPasskeys });
    }
  });
  return item;
}

function fieldFailure(input, message) {
  showFieldError(input, message);
  focusElement(input);
}

function focusPasskeyButton(id, which) {
  const list = sections.get("passkeys").querySelector('[data-state="ready"]');
  const item = [...list.children].find((child) => child.dataset.passkeyId === id);
  focusElement(item ? part(item, which) : document.getElementById("passkeys-title"));
}

function stepUpFact(passkey) {
  if (passkey.satisfiesStepUp) return copy("app.passkey_step_up_ready");
  if (passkey.countsFrom && new Date(passkey.countsFrom) > new Date()) {
    return copy("app.passkey_step_up_pending", { when: formatDate(passkey.countsFrom, { time: true }) });
  }
  return copy("app.passkey_step_up_no");
}

/**
 * What to say about a key just added (its summary from /webauthn/registration/verify): a key on
 * hold says from when it counts (the server answers "phr" until then), a key that reached phrh that
 * it counts now, a security key that didn't that it can't confirm large transfers.
 */
function describeAddedPasskey(passkey, authenticator) {
  if (passkey?.stepUpAfter && new Date(passkey.stepUpAfter) > new Date()) {
    return copy("app.security_key_added_pending", { when: formatDate(passkey.stepUpAfter, { time: true }) });
  }
  if (passkey?.assurance === "phrh") return copy("app.security_key_added_now");
  if (authenticator === "security-key") return copy("app.security_key_added_not_enough");
  return copy("app.passkey_added");
}

for (const [selector, authenticator] of [
  ["[data-add-passkey]", "client-device"],
  ["[data-add-security-key]", "security-key"],
]) {
  const button = document.querySelector(selector);
  button.addEventListener("click", async () => {
    clearStatus();
    hide(passkeysError);
    setBusy(button, true);
    announce(authenticator === "security-key" ? copy("app.security_key_adding") : copy("app.passkey_adding"));
    try {
      // Signed in by the provider session cookie: the new passkey joins this account.
      const { passkey } = await registerPasskey({ authenticator });
      await load({ passkeys: loadPasskeys });
      announce(describeAddedPasskey(passkey, authenticator), { tone: "success" });
      signalAcceptedCredentials();
      setBusy(button, false);
      focusElement(button);
    } catch (error) {
      quiet();
      setBusy(button, false);
      const message = describeCeremonyError(error);
      showFormError(passkeysError, message);
    }
  });
}

// WebAuthn L3 signal API: tell the passkey provider which passkeys the account still has and who
// the account is. Both need the user handle, which only GET /api/me can give; without one, skip.
function userHandle() {
  const handle = state.me?.userHandle;
  return typeof handle === "string" && /^[A-Za-z0-9_-]+$/.test(handle) ? handle : null;
}

async function signalAcceptedCredentials() {
  const userId = userHandle();
  if (!userId || typeof window.PublicKeyCredential?.signalAllAcceptedCredentials !== "function") return;
  try {
    await window.PublicKeyCredential.signalAllAcceptedCredentials({
      rpId: window.location.hostname,
      userId,
      allAcceptedCredentialIds: state.passkeys.map((passkey) => passkey.id),
    });
  } catch {
    // Advice to the provider only.
  }
}

async function signalCurrentUserDetails() {
  const userId = userHandle();
  if (!userId || !state.me?.username || typeof window.PublicKeyCredential?.signalCurrentUserDetails !== "function") return;
  try {
    await window.PublicKeyCredential.signalCurrentUserDetails({
      rpId: window.location.hostname,
      userId,
      name: state.me.username,
      displayName: state.me.displayName || state.me.username,
    });
  } catch {
    // Advice to the provider only.
  }
}

// ---------- Sign out ----------

const signOut = part(document, "sign-out");
function updateSignOut() {
  // RP-Initiated Logout 1.0 §3: back to a registered page afterwards.
  const next = rememberedUsername() ? "/welcome-back/" : "/";
  const query = new URLSearchParams({ client_id: clientId, post_logout_redirect_uri: `${window.location.origin}${next}` });
  signOut.href = `/oauth2/logout?${query}`;
}
signOut.addEventListener("click", () => {
  updateSignOut();
  forgetTokens();
});

// A page restored from the back/forward cache may hold tokens and a half-finished step-up: start clean.
window.addEventListener("pageshow", (event) => {
  if (event.persisted) window.location.reload();
});

// ---------- Start ----------

guardPasskeys();
updateSignOut();
const signedIn = await signIn();
if (signedIn) {
  try {
    window.sessionStorage.removeItem(silentRetryKey);
  } catch {
    // Nothing was stored.
  }
  hide(signingIn);
  show(content);
  await load(loaders);
  updateSignOut();
  if (pendingOperation() || signedIn.purpose === "step-up") await resumePendingOperation(signedIn.purpose);
}
