// Turns a failed passkey ceremony (navigator.credentials.create/get, or the server's verdict)
// into a message that says what happened and what to do next. Words: Site/copy/webauthn.md.
import { copy } from "./copy.js";

/** The message for an error thrown by a WebAuthn call or by our own fetch to the server. */
export function describeCeremonyError(error) {
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
      return copy("webauthn.not_supported");
    case "NetworkError":
    case "TypeError":
      // fetch() rejects with a TypeError when the network is down.
      return copy("webauthn.network");
    case "ServerRejectedError":
      return copy("webauthn.server_rejected");
    default:
      return copy("webauthn.unknown");
  }
}

/** An error for a ceremony the server answered with a problem (RFC 9457) instead of success. */
export class ServerRejectedError extends Error {
  constructor(problem) {
    super(problem?.detail ?? problem?.title ?? "The server rejected the ceremony.");
    this.name = "ServerRejectedError";
    this.code = problem?.code;
    this.status = problem?.status;
  }
}
