// Shared pieces of the /app/ page (Templates/pages/app.mustache): sections with their loading,
// ready, empty and error states, <template> copies, the sign-in gate, form errors and dates.
import { clearStatus, focusElement, hide, show, showFieldError } from "./dom.js";

const language = document.documentElement.lang || undefined;
const sections = new Map([...document.querySelectorAll("[data-section]")].map((element) => [element.dataset.section, element]));
const signingIn = document.querySelector("[data-signing-in]");
const gate = document.getElementById("app-gate");
const content = document.querySelector("[data-app-content]");

/** Shows exactly one state of a section: "loading", "ready", "empty" or "error". */
export function setSectionState(name, sectionState) {
  const section = sections.get(name);
  if (!section) return;
  for (const element of section.querySelectorAll("[data-state]")) {
    element.hidden = element.dataset.state !== sectionState;
  }
  section.setAttribute("aria-busy", String(sectionState === "loading"));
}

/** The list a section shows in its "ready" state. */
export function sectionList(name) {
  return sections.get(name)?.querySelector('[data-state="ready"]');
}

/** Fills a section's list with items made by render(item) and picks "ready" or "empty". */
export function fillSection(name, items, render) {
  const list = sectionList(name);
  if (!list) return;
  list.replaceChildren(...items.map(render));
  setSectionState(name, items.length > 0 ? "ready" : "empty");
}

/** A copy of the first element of <template id="…">. */
export function fromTemplate(id) {
  return document.getElementById(id).content.firstElementChild.cloneNode(true);
}

/** The element marked data-<name> inside root. */
export function part(root, name) {
  return root.querySelector(`[data-${name}]`);
}

export function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

export function formatDate(value, { time = false } = {}) {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return "";
  const options = time ? { dateStyle: "medium", timeStyle: "short" } : { dateStyle: "medium" };
  return new Intl.DateTimeFormat(language, options).format(date);
}

/** Swaps "Signing you in…" for the app itself. */
export function showContent() {
  hide(signingIn);
  show(content);
}

/** Swaps "Signing you in…" for the gate: why the app can't go on, and a button to sign in again. */
export function showGate(message) {
  hide(signingIn);
  part(gate, "gate-message").textContent = message;
  show(gate);
  focusElement(part(gate, "gate-message"));
}

/** The gate's "Sign in again" button. */
export const signInAgainButton = part(gate, "sign-in-again");

// eslint-disable-next-line no-control-regex
const controlCharacters = /[\u0000-\u001f\u007f-\u009f]/;

/** Text a person typed that the API accepts: not empty, at most maxLength characters, no control characters. */
export function validText(text, maxLength) {
  return text.length > 0 && [...text].length <= maxLength && !controlCharacters.test(text);
}

/**
 * Empties the status region, also of a "working…" message still on its way there (announce() writes
 * after a moment), so that a stale "Sending…" never stands beside an error.
 */
export function quiet() {
  clearStatus();
  window.setTimeout(clearStatus, 60);
}

/** Shows a message in a form's error box and moves focus there. */
export function showFormError(box, message) {
  box.textContent = message;
  show(box);
  focusElement(box);
}

/** Shows a message under a field and moves focus to the field. */
export function fieldFailure(input, message) {
  showFieldError(input, message);
  focusElement(input);
}
