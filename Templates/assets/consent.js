// /consent/?request=<id>: another app (a third-party client) asks to use the person's account (OIDC
// Core §3.1.2.4). Shows who asks for what (GET /auth/consent), and sends the answer (POST
// /auth/consent), after which /oauth2/authorize issues the code or tells the app "access_denied".
import { loadCopy, copy } from "./copy.js";
import { announce, clearStatus, focusElement, hide, setBusy, show } from "./dom.js";
import { describeCeremonyError } from "./ceremony-errors.js";
import { pendingRequest } from "./sign-in-steps.js";
import { describeScope, sensitiveScopes } from "./scopes.js";
import { getJSON, postJSON, safeLocalPath } from "./webauthn.js";

await loadCopy().catch(() => {});

const request = pendingRequest();
const loading = document.querySelector("[data-consent-loading]");
const question = document.getElementById("consent-question");
const missing = document.getElementById("consent-missing");
const approveButton = question.querySelector("[data-approve]");
const denyButton = question.querySelector("[data-deny]");
let client = null;

if (!request) {
  showMissing();
} else {
  try {
    showQuestion(await getJSON(`/auth/consent?request=${encodeURIComponent(request)}`));
  } catch (error) {
    showMissing(describeConsentError(error));
  }
}

function showQuestion(asked) {
  client = asked.client;
  const name = client.name;
  document.querySelector("[data-consent-heading]").textContent = copy("consent.heading", { client: name });
  document.title = `${copy("consent.heading", { client: name })} · ${document.title.split(" · ").pop()}`;
  question.querySelector("[data-consent-account]").textContent = copy("consent.account", {
    name: asked.account.displayName,
    username: asked.account.username,
  });
  question.querySelector("[data-consent-scopes-title]").textContent = copy("consent.scopes_heading", { client: name });
  const scopes = Array.isArray(asked.scopes) ? asked.scopes : [];
  question.querySelector("[data-consent-scopes]").replaceChildren(
    ...scopes.map((scope) => {
      const item = document.createElement("li");
      item.className = sensitiveScopes.has(scope) ? "scope-list__item scope-list__item--sensitive" : "scope-list__item";
      item.textContent = describeScope(scope);
      return item;
    }),
  );
  if (scopes.some((scope) => sensitiveScopes.has(scope))) {
    const note = question.querySelector("[data-consent-sensitive]");
    note.textContent = copy("consent.sensitive_note", { client: name });
    show(note);
  }
  hide(loading);
  show(question);
}

function showMissing(message) {
  hide(loading);
  hide(question);
  if (message) missing.querySelector("[data-consent-missing-text]").textContent = message;
  show(missing);
  focusElement(document.getElementById("consent-missing-title"));
}

for (const [button, decision] of [
  [approveButton, "approve"],
  [denyButton, "deny"],
]) {
  button.addEventListener("click", async () => {
    clearStatus();
    setBusy(approveButton, true);
    setBusy(denyButton, true);
    const name = client?.name ?? "";
    announce(decision === "approve" ? copy("consent.allowing", { client: name }) : copy("consent.denying", { client: name }));
    try {
      const next = await postJSON("/auth/consent", { request, decision });
      announce(decision === "approve" ? copy("consent.allowed", { client: name }) : copy("consent.denied", { client: name }), {
        tone: "success",
      });
      // Back into /oauth2/authorize, which sends the browser on to the app.
      window.location.assign(safeLocalPath(next.redirect));
    } catch (error) {
      const message = describeConsentError(error);
      if (["authorization-request-unknown", "consent-other-account", "sign-in-required"].includes(error?.code)) {
        showMissing(message);
        return;
      }
      announce(message, { tone: "error" });
      setBusy(approveButton, false);
      setBusy(denyButton, false);
      focusElement(button);
    }
  });
}

/** The words for a failed consent call, by the server's problem code. */
function describeConsentError(error) {
  switch (error?.code) {
    case "authorization-request-unknown":
      return copy("consent.expired");
    case "consent-other-account":
      return copy("consent.other_account");
    case "sign-in-required":
      return copy("consent.signed_out");
    default:
      return describeCeremonyError(error);
  }
}
