// Small DOM helpers shared by the page modules: visibility through the `hidden` attribute (never
// inline style), status messages in the page's aria-live region, focus, and disclosure toggles.

/** Shows an element by removing its `hidden` attribute. */
export function show(element) {
  if (element) element.hidden = false;
}

/** Hides an element with the `hidden` attribute. */
export function hide(element) {
  if (element) element.hidden = true;
}

/** Shows or hides an element. */
export function setVisible(element, visible) {
  if (element) element.hidden = !visible;
}

/**
 * Puts a message in the page's status region ([data-status], role="status") so screen readers
 * announce it. tone: "info", "success" or "error" (styled by app.css).
 */
export function announce(message, { tone = "info" } = {}) {
  const region = document.querySelector("[data-status]");
  if (!region) return;
  region.dataset.tone = tone;
  // Empty the region first, so that the same message given twice is announced twice.
  region.textContent = "";
  window.setTimeout(() => {
    region.textContent = message;
  }, 50);
}

/** Empties the status region. */
export function clearStatus() {
  const region = document.querySelector("[data-status]");
  if (!region) return;
  region.textContent = "";
  delete region.dataset.tone;
}

/** Moves keyboard focus to an element, making it focusable by script if it isn't already. */
export function focusElement(element) {
  if (!element) return;
  if (!element.matches("a[href], button, input, select, textarea, [tabindex]")) {
    element.setAttribute("tabindex", "-1");
  }
  element.focus();
}

/** Marks a button as working (disabled, aria-busy) or ready again. */
export function setBusy(button, busy) {
  if (!button) return;
  button.disabled = busy;
  if (busy) button.setAttribute("aria-busy", "true");
  else button.removeAttribute("aria-busy");
}

/** Shows a message under a form field (the element with id "<input id>-error") and marks it invalid. */
export function showFieldError(input, message) {
  const error = document.getElementById(`${input.id}-error`);
  input.setAttribute("aria-invalid", "true");
  if (error) {
    error.textContent = message;
    error.hidden = false;
  }
}

/** Removes a field's error message. */
export function clearFieldError(input) {
  const error = document.getElementById(`${input.id}-error`);
  input.removeAttribute("aria-invalid");
  if (error) {
    error.textContent = "";
    error.hidden = true;
  }
}

/**
 * Wires a button that opens and closes a panel (aria-expanded, aria-controls). When labels are
 * given, the button reads openLabel while the panel is open and closedLabel while it is closed.
 * Opening moves focus to focusTarget (default: the panel).
 */
export function disclosure(trigger, panel, { openLabel, closedLabel, focusTarget } = {}) {
  function set(open, { focus = true } = {}) {
    panel.hidden = !open;
    trigger.setAttribute("aria-expanded", String(open));
    if (openLabel && closedLabel) trigger.textContent = open ? openLabel : closedLabel;
    if (open && focus) focusElement(focusTarget ?? panel);
  }
  trigger.addEventListener("click", () => set(panel.hidden));
  return {
    open: (options) => set(true, options),
    close: (options) => set(false, options),
    get isOpen() {
      return !panel.hidden;
    },
  };
}
