// UX copy for page modules. Every word a person reads comes from Site/copy/*.md; the build
// writes it to a fingerprinted JSON file that the layout names in <meta name="passbank:copy">.
// Call loadCopy() once, before the first copy(key).

let strings = null;
let pending = null;

/** Fetches the copy JSON once; later calls return the same strings. Rejects if it can't load. */
export async function loadCopy() {
  if (strings) return strings;
  if (!pending) {
    pending = fetchCopy().then(
      (loaded) => {
        strings = loaded;
        return loaded;
      },
      (error) => {
        pending = null;
        throw error;
      },
    );
  }
  return pending;
}

/**
 * The string for a key such as "signin.passkey_button", with "{name}" placeholders filled from
 * values. Returns the key itself when it is unknown, so a missing string is easy to spot.
 */
export function copy(key, values = {}) {
  const text = lookup(key);
  if (typeof text !== "string") return key;
  return text.replace(/\{([A-Za-z0-9_]+)\}/g, (placeholder, name) =>
    Object.hasOwn(values, name) ? String(values[name]) : placeholder,
  );
}

async function fetchCopy() {
  const meta = document.querySelector('meta[name="passbank:copy"]');
  const url = meta?.getAttribute("content");
  if (!url) throw new Error("The page names no copy file.");
  const response = await fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } });
  if (!response.ok) throw new Error(`The copy file answered ${response.status}.`);
  return response.json();
}

// The JSON may be nested ({"signin": {"passkey_button": "..."}}) or flat ({"signin.passkey_button": "..."}).
function lookup(key) {
  if (!strings) return undefined;
  if (typeof strings[key] === "string") return strings[key];
  let node = strings;
  for (const part of key.split(".")) {
    if (node === null || typeof node !== "object" || !Object.hasOwn(node, part)) return undefined;
    node = node[part];
  }
  return node;
}
