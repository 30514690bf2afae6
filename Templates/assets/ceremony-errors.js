// Turns a failed passkey ceremony (navigator.credentials.create/get, or the server's verdict)
// into a message that says what happened and what to do next. Words: Site/copy/webauthn.md.
import { copy } from "./copy.js";

/**
 * The message for an error thrown by a WebAuthn call (the DOMException names of WebAuthn L3
 * §5.1.3 and §5.1.4), by postJSON() when the network failed, or by the server (a problem code).
 */
export function describeCeremonyError(error) {
  if (error?.name === "ServerRejectedError") return describeProblem(error);
  switch (error?.name) {
    case "NotAllowedError":
      return copy("webauthn.not_allowed");
    case "InvalidStateError":
      return copy("webauthn.invalid_state");
    case "AbortError":
      return copy("webauthn.abort");
    case "SecurityError":
      return copy("webauthn.security");
    case "NotSupportedError":
    case "ConstraintError":
      return copy("webauthn.not_supported");
    case "NetworkError":
      return copy("webauthn.network");
    default:
      return copy("webauthn.unknown");
  }
}

/** The message for a problem (RFC 9457) the server answered, by its stable code. */
export function describeProblem(problem) {
  switch (problem?.code) {
    case "rate-limited":
      return describeRetryAfter(problem.retryAfter);
    case "password-rejected":
      return copy("signin.password_rejected");
    case "username-taken":
      return copy("signup.username_taken");
    case "username-invalid":
      return copy("webauthn.username_invalid");
    case "sign-in-required":
      return copy("webauthn.session_needed");
    case "display-name-invalid":
      return copy("webauthn.display_name_invalid");
    case "ceremony-unknown":
    case "ceremony-expired":
    case "ceremony-used":
      return copy("webauthn.ceremony_expired");
    case "passkey-unknown":
      return copy("webauthn.passkey_unknown");
    case "passkey-not-allowed":
      return copy("webauthn.passkey_not_allowed");
    case "passkey-not-trusted":
      return copy("webauthn.passkey_not_trusted");
    case "passkey-already-registered":
      return copy("webauthn.invalid_state");
    case "insufficient-assurance":
      return copy("stepup.wrong_key");
    case "no-high-assurance-passkey":
      return copy("stepup.no_high_assurance_key");
    case "sign-in-conflict":
      return copy("webauthn.sign_in_conflict");
    case "authorization-request-unknown":
      return copy("webauthn.request_expired");
    case "forbidden-origin":
      return copy("webauthn.security");
    default:
      if ((problem?.status ?? 0) >= 500) return copy("webauthn.server_error");
      return copy("webauthn.server_rejected");
  }
}

/** The message for a failed password sign-in (POST /auth/password): never about passkeys. */
export function describePasswordError(error) {
  const known = ["password-rejected", "rate-limited", "authorization-request-unknown", "forbidden-origin"];
  if (error?.name === "ServerRejectedError" && !known.includes(error.code) && (error.status ?? 0) < 500) {
    return copy("signin.password_failed");
  }
  return describeCeremonyError(error);
}

/** "Try again in …" for a 429, from its Retry-After (seconds), or without a time when it had none. */
export function describeRetryAfter(seconds) {
  if (!Number.isFinite(seconds) || seconds <= 0) return copy("webauthn.rate_limited");
  if (seconds < 90) return copy("webauthn.rate_limited_seconds", { seconds: Math.ceil(seconds) });
  const at = new Date(Date.now() + seconds * 1000);
  const time = new Intl.DateTimeFormat(document.documentElement.lang || undefined, { timeStyle: "short" }).format(at);
  return copy("webauthn.rate_limited_at", { time });
}

/** An error for a request the server answered with a problem (RFC 9457) instead of success. */
export class ServerRejectedError extends Error {
  constructor(problem, { retryAfter = null } = {}) {
    super(problem?.detail ?? problem?.title ?? "The server rejected the request.");
    this.name = "ServerRejectedError";
    this.code = problem?.code;
    this.status = problem?.status;
    this.retryAfter = retryAfter;
    // RFC 9457 §3.2 extension: when a security key on its new-key hold starts to count.
    this.countsFrom = typeof problem?.countsFrom === "string" ? problem.countsFrom : null;
  }
}
