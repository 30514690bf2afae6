// One passkey card (an item of GET /api/passkeys): what it is, whether it can confirm large
// transfers, an inline rename (PATCH /api/passkeys/{id}) and a remove that asks first (DELETE,
// which the API guards with a step-up; retried in resume-after-step-up.js).
import { copy } from "./copy.js";
import { announce, clearFieldError, clearStatus, disclosure, focusElement, hide, setBusy, show } from "./dom.js";
import { api } from "./api.js";
import { describeApiError, isSessionProblem } from "./api-problems.js";
import { leaveForStepUp } from "./app-session.js";
import { load } from "./app-state.js";
import { element, fieldFailure, formatDate, fromTemplate, part, quiet, sectionList, showFormError, showGate, validText } from "./app-view.js";
import { signalAcceptedCredentials } from "./passkey-signals.js";

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
      await load("passkeys");
      focusPasskeyButton(passkey.id, "rename");
    } catch (error) {
      setBusy(submit, false);
      if (isSessionProblem(error)) showGate(copy("app.session_ended"));
      if (error?.code === "passkey-not-found") {
        showFormError(passkeysError, describeApiError(error));
        load("passkeys");
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
      await load("passkeys");
      signalAcceptedCredentials();
      focusElement(document.getElementById("passkeys-title"));
    } catch (error) {
      if (error?.code === "step-up-required") return leaveForStepUp(operation, error);
      quiet();
      setBusy(yes, false);
      if (isSessionProblem(error)) showGate(copy("app.session_ended"));
      showFormError(passkeysError, describeApiError(error));
      if (error?.code === "passkey-not-found" || error?.code === "last-sign-in-method") load("passkeys");
    }
  });
  return item;
}

function focusPasskeyButton(id, which) {
  const item = [...sectionList("passkeys").children].find((child) => child.dataset.passkeyId === id);
  focusElement(item ? part(item, which) : document.getElementById("passkeys-title"));
}

function stepUpFact(passkey) {
  if (passkey.satisfiesStepUp) return copy("app.passkey_step_up_ready");
  if (passkey.countsFrom && new Date(passkey.countsFrom) > new Date()) {
    return copy("app.passkey_step_up_pending", { when: formatDate(passkey.countsFrom, { time: true }) });
  }
  return copy("app.passkey_step_up_no");
}
