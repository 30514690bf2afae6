// The one thing Passbank remembers in the browser: the username of the last account that signed
// in here, so that /welcome-back/ can offer "Sign in as …". Never a token, never a name or balance.
// Storage can be unavailable (private modes, blocked storage): then nothing is remembered.

const storageKey = "{{site.usernameHintKey}}";

/** The remembered username, or null. */
export function rememberedUsername() {
  try {
    const value = window.localStorage.getItem(storageKey);
    return value && value.trim() ? value.trim() : null;
  } catch {
    return null;
  }
}

/** Remembers a username for the next visit. */
export function rememberUsername(username) {
  try {
    window.localStorage.setItem(storageKey, username);
  } catch {
    // Storage is unavailable; the person will type their username next time.
  }
}

/** Forgets the remembered username. */
export function forgetUsername() {
  try {
    window.localStorage.removeItem(storageKey);
  } catch {
    // Nothing was stored.
  }
}
