// OAuth 2.0 for the web app: the authorization code flow with PKCE S256 (RFC 6749 §4.1, RFC 7636)
// for the built-in public client passbank-web, an OpenID Connect nonce, and refresh tokens.
// Tokens live in this module's memory only, never in storage: a navigation loses them, and the
// provider session cookie brings them back through a silent prompt=none round trip. Only the PKCE
// verifier, state and nonce wait in sessionStorage, for the length of one round trip.
import { base64urlToBuffer, bufferToBase64url } from "./base64url.js";

export const clientId = "passbank-web";
export const scope = "openid profile offline_access accounts payments passkeys";

const roundTripKey = "passbank.oauth.roundTrip";
// A round trip older than this is not ours any more (the provider's own requests last less).
const roundTripLifetime = 15 * 60 * 1000;
// Refresh this long before the access token expires.
const refreshMargin = 60 * 1000;

/** The redirect URI registered for passbank-web. */
export function redirectUri() {
  return `${window.location.origin}/app/callback/`;
}

/** An OAuth failure: an error redirect (RFC 6749 §4.1.2.1), a token error (§5.2), or a broken round trip. */
export class OAuthFlowError extends Error {
  constructor(error, { description, purpose } = {}) {
    super(description || error);
    this.name = "OAuthFlowError";
    this.error = error;
    this.purpose = purpose;
  }
}

let tokens = null;
let refreshTimer = null;
let refreshing = null;
const expiryListeners = new Set();

/**
 * Sends the browser to /oauth2/authorize (never returns). purpose ("sign-in" or "step-up") comes
 * back from completeAuthorization(), so the app knows why it went. prompt "none" asks for a code
 * from the provider session without showing anything (OIDC Core §3.1.2.1); acrValues and maxAge ask
 * for a stronger or fresher sign-in (RFC 9470 §4).
 */
export async function beginAuthorization({ purpose = "sign-in", prompt, acrValues, maxAge, loginHint } = {}) {
  const verifier = randomToken(32);
  const state = randomToken(16);
  const nonce = randomToken(16);
  // RFC 7636 §4.2: code_challenge = BASE64URL(SHA256(ASCII(code_verifier)))
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier));
  const parameters = new URLSearchParams({
    response_type: "code",
    client_id: clientId,
    redirect_uri: redirectUri(),
    scope,
    state,
    nonce,
    code_challenge: bufferToBase64url(digest),
    code_challenge_method: "S256",
  });
  if (prompt) parameters.set("prompt", prompt);
  if (acrValues) parameters.set("acr_values", acrValues);
  if (maxAge !== undefined && maxAge !== null) parameters.set("max_age", String(maxAge));
  if (loginHint) parameters.set("login_hint", loginHint);
  writeSession(roundTripKey, { state, verifier, nonce, purpose, createdAt: Date.now() });
  window.location.assign(`/oauth2/authorize?${parameters}`);
  // The page is going away; nothing after this should run.
  return new Promise(() => {});
}

/** The authorization response in this page's URL ({code, state, iss} or {error, …}), or null. */
export function authorizationResponse(search = window.location.search) {
  const query = new URLSearchParams(search);
  if (!query.has("code") && !query.has("error")) return null;
  return {
    code: query.get("code"),
    state: query.get("state"),
    iss: query.get("iss"),
    error: query.get("error"),
    errorDescription: query.get("error_description"),
  };
}

/**
 * Finishes a round trip: checks state (RFC 6749 §10.12) and iss (RFC 9207 §2.4), redeems the code
 * with the PKCE verifier (RFC 7636 §4.5) and checks the ID token's nonce (OIDC Core §3.1.3.7).
 * Returns {purpose}. Throws OAuthFlowError: the provider's error (login_required, access_denied, …),
 * "state_mismatch" when this browser did not start the round trip, "issuer_mismatch" when iss is
 * missing or not this provider's, "id_token_missing" / "nonce_mismatch" when the token response has
 * no ID token or not ours, or the token endpoint's error.
 */
export async function completeAuthorization(response) {
  const roundTrip = readSession(roundTripKey);
  removeSession(roundTripKey);
  const fresh = roundTrip && Date.now() - roundTrip.createdAt < roundTripLifetime;
  if (!fresh || !response.state || response.state !== roundTrip.state) {
    throw new OAuthFlowError("state_mismatch", { purpose: roundTrip?.purpose });
  }
  const { purpose } = roundTrip;
  // RFC 9207 §2.4: this provider sends iss in every authorization response (its discovery says
  // authorization_response_iss_parameter_supported), so a response without one is refused, not trusted.
  if (!response.iss || !(await issuerMatches(response.iss))) {
    throw new OAuthFlowError("issuer_mismatch", { purpose });
  }
  if (response.error) {
    throw new OAuthFlowError(response.error, { description: response.errorDescription, purpose });
  }
  const answer = await tokenRequest({
    grant_type: "authorization_code",
    code: response.code,
    redirect_uri: redirectUri(),
    code_verifier: roundTrip.verifier,
  }).catch((error) => {
    error.purpose = purpose;
    throw error;
  });
  // OIDC Core §3.1.3.3: the scope asks for openid, so the token response must carry an ID token; one
  // without could not be tied to this round trip's nonce.
  const claims = decodeJWTPayload(answer?.id_token);
  if (!claims) throw new OAuthFlowError("id_token_missing", { purpose });
  // The ID token came straight from the token endpoint over this origin's own connection, so its
  // claims may be read without checking the signature here (OIDC Core §3.1.3.7 step 6); the nonce
  // must be the one this round trip sent (step 11).
  if (claims.nonce !== roundTrip.nonce) throw new OAuthFlowError("nonce_mismatch", { purpose });
  keepTokens(answer);
  return { purpose };
}

/** True while the app holds an access token. */
export function hasToken() {
  return tokens !== null;
}

/**
 * A usable access token, refreshed first when it is about to expire.
 * Throws OAuthFlowError("login_required") when there is none and none can be had.
 */
export async function accessToken() {
  if (!tokens) throw new OAuthFlowError("login_required");
  if (Date.now() > tokens.expiresAt - 10_000) await refreshTokens();
  return tokens.accessToken;
}

/**
 * Redeems the refresh token for new tokens (RFC 6749 §6); concurrent callers share one request.
 * On failure the tokens are dropped, listeners hear about it, and OAuthFlowError is thrown.
 */
export function refreshTokens() {
  if (!tokens?.refreshToken) {
    endTokens();
    return Promise.reject(new OAuthFlowError("login_required"));
  }
  refreshing ??= tokenRequest({ grant_type: "refresh_token", refresh_token: tokens.refreshToken })
    .then(
      (answer) => keepTokens(answer),
      (error) => {
        // A network failure keeps the tokens: the next call may get through.
        if (error.error !== "network_error") endTokens();
        throw error;
      },
    )
    .finally(() => {
      refreshing = null;
    });
  return refreshing;
}

/** Calls listener() when the tokens are gone for good (the refresh token was refused). */
export function onSessionEnded(listener) {
  expiryListeners.add(listener);
}

/**
 * The newest ID token, for RP-Initiated Logout's id_token_hint (§2): with it the provider signs the
 * person out without asking again. Null before sign-in.
 */
export function idTokenHint() {
  return tokens?.idToken ?? null;
}

/** Forgets the tokens (signing out). */
export function forgetTokens() {
  window.clearTimeout(refreshTimer);
  tokens = null;
}

function endTokens() {
  forgetTokens();
  for (const listener of expiryListeners) listener();
}

function keepTokens(answer) {
  if (typeof answer?.access_token !== "string") throw new OAuthFlowError("invalid_response");
  const lifetime = Number.isFinite(answer.expires_in) && answer.expires_in > 0 ? answer.expires_in * 1000 : 300_000;
  tokens = {
    accessToken: answer.access_token,
    // RFC 6749 §6: a refresh answer may leave out the refresh token; the old one stays good then.
    refreshToken: answer.refresh_token ?? tokens?.refreshToken ?? null,
    // OIDC Core §12.2: a refresh answer may bring a new ID token; else the code exchange's one still names the person.
    idToken: typeof answer.id_token === "string" ? answer.id_token : (tokens?.idToken ?? null),
    expiresAt: Date.now() + lifetime,
  };
  window.clearTimeout(refreshTimer);
  if (tokens.refreshToken) {
    const delay = Math.max(5_000, lifetime - Math.min(refreshMargin, lifetime / 5));
    refreshTimer = window.setTimeout(() => {
      refreshTokens().catch(() => {});
    }, delay);
  }
}

async function tokenRequest(fields) {
  let response;
  try {
    response = await fetch("/oauth2/token", {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" },
      body: new URLSearchParams({ ...fields, client_id: clientId }),
    });
  } catch {
    throw new OAuthFlowError("network_error");
  }
  const answer = await response.json().catch(() => null);
  if (!response.ok) {
    // RFC 6749 §5.2: {"error", "error_description"}
    throw new OAuthFlowError(typeof answer?.error === "string" ? answer.error : "server_error", {
      description: answer?.error_description,
    });
  }
  return answer;
}

async function issuerMatches(iss) {
  if (iss === window.location.origin || iss === `${window.location.origin}/`) return true;
  try {
    const response = await fetch("/.well-known/openid-configuration", { credentials: "same-origin" });
    const discovery = await response.json();
    return discovery?.issuer === iss;
  } catch {
    return false;
  }
}

/** The payload of a JWS compact serialization, or null. */
export function decodeJWTPayload(jwt) {
  if (typeof jwt !== "string") return null;
  const part = jwt.split(".")[1];
  if (!part) return null;
  try {
    return JSON.parse(new TextDecoder().decode(base64urlToBuffer(part)));
  } catch {
    return null;
  }
}

function randomToken(byteCount) {
  return bufferToBase64url(crypto.getRandomValues(new Uint8Array(byteCount)));
}

function readSession(key) {
  try {
    const value = window.sessionStorage.getItem(key);
    return value ? JSON.parse(value) : null;
  } catch {
    return null;
  }
}

function writeSession(key, value) {
  try {
    window.sessionStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Without storage the round trip can't be checked when it comes back, and is refused then.
  }
}

function removeSession(key) {
  try {
    window.sessionStorage.removeItem(key);
  } catch {
    // Nothing was stored.
  }
}
