// The "Apps with access" section: the other apps (third-party clients) the person allowed to use
// their account (GET /api/consents), each with what it may do, and taking that access back (DELETE
// /api/consents/{clientId}), which also stops the tokens the app holds at once.
import { copy } from "./copy.js";
import { announce, clearStatus, disclosure, focusElement, hide, setBusy } from "./dom.js";
import { api } from "./api.js";
import { describeApiError, isSessionProblem } from "./api-problems.js";
import { load } from "./app-state.js";
import { element, fillSection, formatDate, fromTemplate, part, quiet, showFormError, showGate } from "./app-view.js";
import { describeScope } from "./scopes.js";

const appsError = document.getElementById("apps-error");
let appIndex = 0;

export async function loadConsents() {
  const answer = await api("GET", "/api/consents");
  const consents = Array.isArray(answer?.consents) ? answer.consents : [];
  fillSection("consents", consents, renderConsent);
}

/** One app, from an item of GET /api/consents. */
function renderConsent(consent) {
  const item = fromTemplate("app-access-template");
  const index = (appIndex += 1);
  const name = consent.client?.name || consent.client?.id || "";
  part(item, "name").textContent = name;
  const facts = (Array.isArray(consent.scopes) ? consent.scopes : []).filter((scope) => scope !== "openid").map(describeScope);
  facts.push(copy("app.app_allowed", { date: formatDate(consent.grantedAt) }));
  part(item, "facts").replaceChildren(...facts.map((fact) => element("li", "", fact)));

  const withdrawButton = part(item, "withdraw");
  withdrawButton.setAttribute("aria-label", copy("app.app_withdraw_label", { name }));
  const confirm = part(item, "withdraw-confirm");
  const question = part(item, "withdraw-question");
  question.textContent = copy("app.app_withdraw_question", { name });
  const withdrawDisclosure = disclosure(withdrawButton, confirm, { focusTarget: question });
  withdrawButton.setAttribute("aria-controls", (confirm.id = `app-${index}-withdraw`));
  part(item, "withdraw-no").addEventListener("click", () => {
    withdrawDisclosure.close({ focus: false });
    focusElement(withdrawButton);
  });
  const yes = part(item, "withdraw-yes");
  yes.addEventListener("click", async () => {
    clearStatus();
    hide(appsError);
    setBusy(yes, true);
    announce(copy("app.app_withdrawing"));
    try {
      await api("DELETE", `/api/consents/${encodeURIComponent(consent.client.id)}`);
      announce(copy("app.app_withdrawn", { name }), { tone: "success" });
      await load("consents");
      focusElement(document.getElementById("apps-title"));
    } catch (error) {
      quiet();
      setBusy(yes, false);
      if (isSessionProblem(error)) showGate(copy("app.session_ended"));
      showFormError(appsError, describeApiError(error));
      if (error?.code === "consent-not-found") load("consents");
    }
  });
  return item;
}
