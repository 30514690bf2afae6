// /app/: the signed-in shell. Each section (accounts, transfers, payees, passkeys) starts as
// "loading" and moves to "ready", "empty" or "error".
import { loadCopy, copy } from "./copy.js";
import { announce, setBusy, show } from "./dom.js";
import { rememberedUsername } from "./account-hint.js";
import { guardPasskeys } from "./support.js";

await loadCopy().catch(() => {});

const sections = new Map(
  [...document.querySelectorAll("[data-section]")].map((element) => [element.dataset.section, element]),
);

/** Shows exactly one state of a section: "loading", "ready", "empty" or "error". */
export function setSectionState(name, state) {
  const section = sections.get(name);
  if (!section) return;
  for (const element of section.querySelectorAll("[data-state]")) {
    element.hidden = element.dataset.state !== state;
  }
  section.setAttribute("aria-busy", String(state === "loading"));
}

/** Fills a section's list with items made by render(item) and picks "ready" or "empty". */
export function fillSection(name, items, render) {
  const list = sections.get(name)?.querySelector('[data-state="ready"]');
  if (!list) return;
  list.replaceChildren(...items.map(render));
  setSectionState(name, items.length > 0 ? "ready" : "empty");
}

/** One passkey card, from an item of GET /api/passkeys. */
export function renderPasskey(passkey, { isLast = false } = {}) {
  const item = element("li", "item");
  item.append(element("p", "item__title", passkey.name ?? passkey.provider ?? ""));
  const facts = element("ul", "item__facts");
  facts.append(
    element("li", "", passkey.deviceBound ? copy("app.passkey_on_key") : copy("app.passkey_on_devices")),
    element("li", "", copy("app.passkey_created", { date: formatDate(passkey.createdAt) })),
    element(
      "li",
      "",
      passkey.lastUsedAt ? copy("app.passkey_last_used", { date: formatDate(passkey.lastUsedAt) }) : copy("app.passkey_never_used"),
    ),
    element("li", "", stepUpFact(passkey)),
  );
  item.append(facts);
  const actions = element("div", "actions actions--compact");
  const rename = element("button", "button button--secondary button--small", copy("app.rename"));
  rename.type = "button";
  const remove = element("button", "button button--danger button--small", copy("app.remove"));
  remove.type = "button";
  if (isLast) {
    remove.disabled = true;
    const why = element("p", "field__hint", copy("app.remove_last"));
    why.id = `passkey-${passkey.id}-last`;
    remove.setAttribute("aria-describedby", why.id);
    item.append(why);
  }
  actions.append(rename, remove);
  item.append(actions);
  return item;
}

function stepUpFact(passkey) {
  if (passkey.satisfiesStepUp) return copy("app.passkey_step_up_ready");
  if (passkey.countsFrom) return copy("app.passkey_step_up_pending", { when: formatDate(passkey.countsFrom) });
  return copy("app.passkey_step_up_no");
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function formatDate(value) {
  const formatter = new Intl.DateTimeFormat(document.documentElement.lang || undefined, { dateStyle: "medium" });
  return formatter.format(new Date(value));
}

// Greeting: only the username hint is known before the API answers.
const username = rememberedUsername();
if (username) {
  const greeting = document.querySelector("[data-greeting]");
  greeting.textContent = copy("app.greeting", { name: username });
  show(greeting);
}

guardPasskeys();

for (const button of document.querySelectorAll("[data-add-passkey], [data-add-security-key]")) {
  button.addEventListener("click", () => {
    setBusy(button, true);
    announce(copy("common.working"));
    // Registration from the signed-in session arrives with the WebAuthn issue.
    setBusy(button, false);
  });
}

// The banking API client (api.js, bearer token from oauth.js) arrives with the banking issue.
// Until then every section settles on its empty state instead of loading forever.
const loaders = {
  accounts: async () => [],
  transfers: async () => [],
  payees: async () => [],
  passkeys: async () => [],
};

await Promise.all(
  Object.entries(loaders).map(async ([name, load]) => {
    try {
      fillSection(name, await load(), () => element("li", "item"));
    } catch {
      setSectionState(name, "error");
    }
  }),
);
