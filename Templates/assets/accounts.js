// The accounts overview and each account's history, paged with the API's cursor (GET
// /api/accounts/{id}/transactions), newest first.
import { copy } from "./copy.js";
import { announce, focusElement, hide, setBusy, show } from "./dom.js";
import { api } from "./api.js";
import { describeApiError, isSessionProblem } from "./api-problems.js";
import { listsChanged, state } from "./app-state.js";
import { formatDate, fromTemplate, part, sectionList, setSectionState, showGate } from "./app-view.js";
import { displayAccountNumber } from "./account-number.js";
import { formatMoney } from "./money.js";

const historyPageSize = 10;
const accountViews = new Map();

export async function loadAccounts() {
  const answer = await api("GET", "/api/accounts");
  state.accounts = Array.isArray(answer?.accounts) ? answer.accounts : [];
  renderAccounts();
  listsChanged();
}

function renderAccounts() {
  const list = sectionList("accounts");
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

/** Reloads every open history from the newest entry (after money moved). */
export function refreshHistories() {
  for (const view of accountViews.values()) view.refresh();
}
