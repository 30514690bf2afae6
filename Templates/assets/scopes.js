// What each OAuth scope lets an app do, in the person's words (Site/copy/consent.md): the consent
// page lists them, and so does the app's list of apps with access.
import { copy } from "./copy.js";

const words = {
  openid: () => copy("consent.scope_openid"),
  profile: () => copy("consent.scope_profile"),
  offline_access: () => copy("consent.scope_offline_access"),
  accounts: () => copy("consent.scope_accounts"),
  payments: () => copy("consent.scope_payments"),
  passkeys: () => copy("consent.scope_passkeys"),
};

/** Scopes that give an app power over the account itself: moving money, adding a way to sign in. */
export const sensitiveScopes = new Set(["payments", "passkeys"]);

/** One sentence for a scope: what an app that has it can do. */
export function describeScope(scope) {
  return Object.hasOwn(words, scope) ? words[scope]() : copy("consent.scope_other", { scope });
}
