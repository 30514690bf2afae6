// The latest transfers (GET /api/transfers?limit=5). They name accounts and payees, so they are
// drawn again whenever those lists arrive.
import { copy } from "./copy.js";
import { api } from "./api.js";
import { accountById, payeeById, state, whenListsChange } from "./app-state.js";
import { fillSection, formatDate, fromTemplate, part } from "./app-view.js";
import { formatMoney } from "./money.js";

export async function loadRecentTransfers() {
  const answer = await api("GET", "/api/transfers?limit=5");
  state.transfers = Array.isArray(answer?.transfers) ? answer.transfers : [];
  renderRecentTransfers();
}

function renderRecentTransfers() {
  if (state.transfers) fillSection("recent", state.transfers, renderRecentTransfer);
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

whenListsChange(renderRecentTransfers);
