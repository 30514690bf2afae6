// GET /api/me: who is signed in (the greeting, the remembered username, the signal API) and the
// transfer limits shown beside the transfer form.
import { copy } from "./copy.js";
import { show } from "./dom.js";
import { rememberUsername } from "./account-hint.js";
import { api } from "./api.js";
import { state } from "./app-state.js";
import { part } from "./app-view.js";
import { formatMoney } from "./money.js";
import { signalCurrentUserDetails } from "./passkey-signals.js";

let userDetailsSignalled = false;

export async function loadMe() {
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
