// /app/ and /app/callback/: the signed-in web app. It signs in silently through the provider
// session (app-session.js), then shows accounts with their history, moves money with a confirmation
// step, keeps payees, manages passkeys (DESIGN.md flow 6) and the other apps allowed to use the account. Anything the banking API calls
// high-risk goes through a step-up (flow 5): the operation waits in sessionStorage (api.js) and is
// retried exactly once when the browser comes back through /app/callback/ (resume-after-step-up.js).
// This module only wires the sections together and starts the app.
import { loadCopy } from "./copy.js";
import { guardPasskeys } from "./support.js";
import { pendingOperation } from "./api.js";
import { forgetSilentRetry, signIn, updateSignOut } from "./app-session.js";
import { load, registerLoaders } from "./app-state.js";
import { showContent } from "./app-view.js";
import { loadMe } from "./profile.js";
import { loadAccounts } from "./accounts.js";
import "./transfers.js";
import { loadRecentTransfers } from "./recent-transfers.js";
import { loadPayees } from "./payees.js";
import { loadPasskeys } from "./passkeys.js";
import { loadConsents } from "./app-access.js";
import { resumePendingOperation } from "./resume-after-step-up.js";

await loadCopy().catch(() => {});

// What a full load fetches, in this order.
registerLoaders({
  me: loadMe,
  accounts: loadAccounts,
  payees: loadPayees,
  passkeys: loadPasskeys,
  consents: loadConsents,
  recent: loadRecentTransfers,
});

// A page restored from the back/forward cache may hold tokens and a half-finished step-up: start clean.
window.addEventListener("pageshow", (event) => {
  if (event.persisted) window.location.reload();
});

guardPasskeys();
updateSignOut();
const signedIn = await signIn();
if (signedIn) {
  forgetSilentRetry();
  showContent();
  await load();
  updateSignOut();
  if (pendingOperation() || signedIn.purpose === "step-up") await resumePendingOperation(signedIn.purpose);
}
