// What a failed banking API call means to the person (words in Site/copy/app.md), and how the app
// sorts failures: a lost session, a definitive refusal, or an outcome it can't know.
import { copy } from "./copy.js";
import { describeRetryAfter } from "./ceremony-errors.js";

const problemMessages = {
  "token-missing": () => copy("app.problem_token_missing"),
  "token-invalid": () => copy("app.problem_token_invalid"),
  "scope-insufficient": () => copy("app.problem_scope_insufficient"),
  "step-up-required": () => copy("app.problem_step_up_required"),
  "operation-denied": () => copy("app.problem_operation_denied"),
  "amount-invalid": () => copy("app.problem_amount_invalid"),
  "amount-not-positive": () => copy("app.problem_amount_not_positive"),
  "amount-out-of-range": () => copy("app.problem_amount_out_of_range"),
  "currency-invalid": () => copy("app.problem_currency_invalid"),
  "currency-mismatch": () => copy("app.problem_currency_mismatch"),
  "account-not-found": () => copy("app.problem_account_not_found"),
  "payee-not-found": () => copy("app.problem_payee_not_found"),
  "same-account": () => copy("app.problem_same_account"),
  "insufficient-funds": () => copy("app.problem_insufficient_funds"),
  "daily-limit-exceeded": () => copy("app.problem_daily_limit_exceeded"),
  "reference-invalid": () => copy("app.problem_reference_invalid"),
  "idempotency-key-missing": () => copy("app.problem_idempotency_key_missing"),
  "idempotency-key-invalid": () => copy("app.problem_idempotency_key_invalid"),
  "idempotency-key-reused": () => copy("app.problem_idempotency_key_reused"),
  "account-number-invalid": () => copy("app.problem_account_number_invalid"),
  "account-number-unknown": () => copy("app.problem_account_number_unknown"),
  "payee-own-account": () => copy("app.problem_payee_own_account"),
  "payee-exists": () => copy("app.problem_payee_exists"),
  "payee-name-invalid": () => copy("app.problem_payee_name_invalid"),
  "cursor-invalid": () => copy("app.problem_cursor_invalid"),
  "passkey-not-found": () => copy("app.problem_passkey_not_found"),
  "passkey-name-invalid": () => copy("app.problem_passkey_name_invalid"),
  "last-sign-in-method": () => copy("app.problem_last_sign_in_method"),
  "consent-not-found": () => copy("app.problem_consent_not_found"),
  "first-party-only": () => copy("app.problem_first_party_only"),
  "malformed-request": () => copy("app.problem_malformed_request"),
  "payload-too-large": () => copy("app.problem_payload_too_large"),
  "unsupported-media-type": () => copy("app.problem_unsupported_media_type"),
  "forbidden-origin": () => copy("app.problem_forbidden_origin"),
};

/** Words for a failed API call: what happened and what to do next. */
export function describeApiError(error, { transfer = false } = {}) {
  if (error?.code === "rate-limited") return describeRetryAfter(error.retryAfter);
  if (error?.code === "network") return transfer ? copy("app.problem_network_transfer") : copy("app.problem_network");
  const describe = problemMessages[error?.code];
  if (describe) return describe();
  if ((error?.status ?? 0) >= 500 || error?.code === "server-error") return copy("app.problem_server_error");
  return copy("app.problem_unknown");
}

/** The access token is missing or no longer valid: the person has to sign in again. */
export function isSessionProblem(error) {
  return error?.code === "token-missing" || error?.code === "token-invalid";
}

/** A definitive refusal (nothing changed, sending the same again gives the same answer). */
export function isRefusal(error) {
  return (error?.status ?? 0) >= 400 && error.status < 500 && error.code !== "rate-limited" && error.code !== "step-up-required";
}
