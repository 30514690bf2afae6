// What the app knows about the signed-in person (filled from the banking API), and loading it:
// each section registers its loader by name, so any module can reload a section without importing
// the module that draws it.
import { copy } from "./copy.js";
import { isSessionProblem } from "./api-problems.js";
import { setSectionState, showGate } from "./app-view.js";

export const state = { me: null, accounts: [], payees: [], passkeys: [], password: true, transfers: null };

export function accountById(id) {
  return state.accounts.find((account) => account.id === id);
}

export function payeeById(id) {
  return state.payees.find((payee) => payee.id === id);
}

const redraws = [];

/** Views that draw from both accounts and payees (transfer choices, recent transfers) register here. */
export function whenListsChange(redraw) {
  redraws.push(redraw);
}

/** Called once state.accounts or state.payees holds a new list. */
export function listsChanged() {
  for (const redraw of redraws) redraw();
}

/** Section name ("me", "accounts", …) to the function that fetches and draws it. */
const loaders = new Map();

export function registerLoaders(entries) {
  for (const [name, loader] of Object.entries(entries)) loaders.set(name, loader);
}

/**
 * Runs the named loaders (all of them when none is named) side by side; a section that fails shows
 * its error state, a lost session the gate.
 */
export async function load(...names) {
  const chosen = names.length > 0 ? names : [...loaders.keys()];
  await Promise.all(
    chosen.map(async (name) => {
      try {
        await loaders.get(name)();
      } catch (error) {
        if (isSessionProblem(error)) showGate(copy("app.session_ended"));
        else setSectionState(name, "error");
      }
    }),
  );
}
