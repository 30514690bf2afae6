// The banking API (/api/*, docs/banking-api.md) with the bearer token from oauth.js. Failures
// become ApiError with the problem's stable code (RFC 9457); a step-up challenge (RFC 9470) becomes
// code "step-up-required" with the acr_values and max_age the API asked for. The operation waiting
// for a step-up (DESIGN.md flow 5) is kept in sessionStorage under one key, so that it survives the
// trip to /oauth2/authorize and /step-up/ and is retried once, with its Idempotency-Key, afterwards.
import { accessToken, beginAuthorization, refreshTokens } from "./oauth.js";

const apiBase = document.querySelector('meta[name="passbank:api-base"]')?.getAttribute("content") ?? "";
const pendingKey = "passbank.pendingOperation";
/** A pending operation older than this is not retried (the person has moved on). */
export const pendingLifetime = 10 * 60 * 1000;
/** The kinds of operation that can wait for a step-up. */
export const operationKinds = ["transfer", "payee", "remove-passkey"];

/** A refused or failed API call. code: the problem's code, or "network" / "server-error". */
export class ApiError extends Error {
  constructor(code, { status = 0, problem = null, challenge = null, retryAfter = null } = {}) {
    super(problem?.detail ?? problem?.title ?? code);
    this.name = "ApiError";
    this.code = code;
    this.status = status;
    this.problem = problem;
    this.challenge = challenge;
    this.retryAfter = retryAfter;
  }
}

/**
 * Calls the API and answers the JSON body (null for 204). A 401 invalid_token is answered once by
 * refreshing the access token and sending again. Throws ApiError.
 */
export async function api(method, path, { body, idempotencyKey } = {}) {
  let response = await send(method, path, { body, idempotencyKey });
  if (response.status === 401 && parseChallenge(response.headers.get("WWW-Authenticate"))?.error === "invalid_token") {
    // RFC 6750 §3.1: the token expired or was revoked; a refreshed one may do.
    try {
      await refreshTokens();
    } catch {
      throw await failure(response);
    }
    response = await send(method, path, { body, idempotencyKey });
  }
  if (!response.ok) throw await failure(response);
  if (response.status === 204) return null;
  return response.json().catch(() => null);
}

async function send(method, path, { body, idempotencyKey }) {
  let token;
  try {
    token = await accessToken();
  } catch (error) {
    throw new ApiError(error?.error === "network_error" ? "network" : "token-missing", { status: 401 });
  }
  const headers = { Authorization: `Bearer ${token}`, Accept: "application/json, application/problem+json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (idempotencyKey) headers["Idempotency-Key"] = idempotencyKey;
  try {
    return await fetch(apiBase + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "omit",
      cache: "no-store",
    });
  } catch {
    throw new ApiError("network");
  }
}

async function failure(response) {
  const data = await response.json().catch(() => null);
  const problem = data && typeof data === "object" ? data : null;
  const challenge = parseChallenge(response.headers.get("WWW-Authenticate"));
  let code = typeof problem?.code === "string" ? problem.code : null;
  // RFC 9470 §3: the challenge is what counts, whatever the body says.
  if (challenge?.error === "insufficient_user_authentication") code = "step-up-required";
  if (!code && response.status === 401) code = challenge?.error === "invalid_token" ? "token-invalid" : "token-missing";
  if (!code && response.status === 403 && challenge?.error === "insufficient_scope") code = "scope-insufficient";
  code ??= response.status >= 500 ? "server-error" : "unknown";
  return new ApiError(code, {
    status: response.status,
    problem,
    challenge,
    retryAfter: retryAfterSeconds(response.headers.get("Retry-After")),
  });
}

/**
 * Parses a Bearer challenge (RFC 6750 §3, RFC 9110 §11.6.1): auth-params as name=token or
 * name="quoted-string". Answers {scheme, error, error_description, acr_values, max_age, scope, …}
 * for the first Bearer challenge, or null.
 */
export function parseChallenge(header) {
  if (!header) return null;
  const pattern = /([A-Za-z0-9!#$%&'*+.^_`|~-]+)(?:\s*=\s*("(?:[^"\\]|\\.)*"|[^\s,]*))?\s*,?\s*/gy;
  let result = null;
  let match;
  while ((match = pattern.exec(header)) !== null && match[0] !== "") {
    const [, name, rawValue] = match;
    if (rawValue === undefined) {
      // A scheme name starts a new challenge (possibly followed by its params without a comma).
      if (result) break;
      if (name.toLowerCase() === "bearer") result = { scheme: "Bearer" };
      continue;
    }
    if (!result) continue;
    const value = rawValue.startsWith('"') ? rawValue.slice(1, -1).replace(/\\(.)/g, "$1") : rawValue;
    result[name.toLowerCase()] = value;
  }
  return result;
}

/**
 * The step-up the API asked for, from a "step-up-required" ApiError: {acrValues, maxAge}. maxAge is
 * null when the challenge set none (RFC 9470 §3: a legacy password token asked for "phr" only).
 */
export function stepUpRequirement(error) {
  const maxAge = /^\d+$/.test(error?.challenge?.max_age ?? "") ? Number(error.challenge.max_age) : null;
  return { acrValues: error?.challenge?.acr_values || "phrh", maxAge };
}

/**
 * Keeps the operation and sends the browser to step up (DESIGN.md flow 5): /oauth2/authorize with
 * acr_values and max_age from the challenge and login_hint, which shows /step-up/ and comes back
 * through /app/callback/. operation: {kind, method, path, body, idempotencyKey}. Never returns.
 */
export async function stepUp(operation, error, { username } = {}) {
  const { acrValues, maxAge } = stepUpRequirement(error);
  savePendingOperation(operation);
  return beginAuthorization({ purpose: "step-up", acrValues, maxAge, loginHint: username });
}

/** Stores the operation waiting for a step-up (one at a time; a newer one replaces an older). */
export function savePendingOperation({ kind, method, path, body, idempotencyKey, summary }) {
  const operation = { kind, method, path, body, idempotencyKey, summary, createdAt: Date.now() };
  try {
    window.sessionStorage.setItem(pendingKey, JSON.stringify(operation));
  } catch {
    // Without storage the operation can't wait; after the step-up the person starts it again.
  }
}

/** The operation waiting for a step-up, without removing it, or null. Malformed ones are null. */
export function pendingOperation() {
  let operation;
  try {
    operation = JSON.parse(window.sessionStorage.getItem(pendingKey) ?? "null");
  } catch {
    return null;
  }
  if (!operation || typeof operation !== "object") return null;
  const valid =
    operationKinds.includes(operation.kind) &&
    ["POST", "PATCH", "DELETE"].includes(operation.method) &&
    typeof operation.path === "string" &&
    operation.path.startsWith("/api/") &&
    Number.isFinite(operation.createdAt);
  return valid ? operation : null;
}

/** Removes and answers the pending operation: {operation, expired}, or null when there is none. */
export function takePendingOperation(now = Date.now()) {
  const operation = pendingOperation();
  clearPendingOperation();
  if (!operation) return null;
  return { operation, expired: now - operation.createdAt > pendingLifetime || operation.createdAt > now + 60_000 };
}

/** Forgets the pending operation. */
export function clearPendingOperation() {
  try {
    window.sessionStorage.removeItem(pendingKey);
  } catch {
    // Nothing was stored.
  }
}

/** Sends a pending operation again, exactly as it was first sent (same body, same Idempotency-Key). */
export function retryOperation(operation) {
  return api(operation.method, operation.path, { body: operation.body, idempotencyKey: operation.idempotencyKey });
}

// RFC 9110 §10.2.3: Retry-After is delay-seconds or an HTTP-date. Answers whole seconds, or null.
function retryAfterSeconds(value) {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const date = Date.parse(value);
  if (Number.isNaN(date)) return null;
  return Math.max(0, Math.ceil((date - Date.now()) / 1000));
}
