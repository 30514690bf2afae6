// The passkey ceremonies against Passbank's server: options -> navigator.credentials -> verify.
// JSON travels same-origin; the server answers failures as RFC 9457 problems with a stable `code`,
// which become ServerRejectedError (see ceremony-errors.js for the words).
import { ServerRejectedError } from "./ceremony-errors.js";
import { base64urlToBuffer, bufferToBase64url } from "./base64url.js";

/**
 * POSTs body as JSON to a same-origin path and returns the JSON answer.
 * Throws a DOMException "NetworkError" when the server can't be reached, a ServerRejectedError
 * for any answer that isn't 2xx, and an AbortError when signal is aborted.
 */
export async function postJSON(path, body = {}, { signal } = {}) {
  return requestJSON(path, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
    signal,
  });
}

/** GETs a same-origin JSON resource (with the session cookie); fails like postJSON(). */
export async function getJSON(path, { signal } = {}) {
  return requestJSON(path, { method: "GET", signal });
}

async function requestJSON(path, { method, headers = {}, body, signal }) {
  let response;
  try {
    response = await fetch(path, {
      method,
      credentials: "same-origin",
      headers: { ...headers, Accept: "application/json, application/problem+json" },
      body,
      signal,
    });
  } catch (error) {
    if (error?.name === "AbortError") throw error;
    throw new DOMException("Passbank could not be reached.", "NetworkError");
  }
  const data = await response.json().catch(() => null);
  if (!response.ok) {
    // RFC 9457 §3: code is our extension member; status falls back to the HTTP status.
    const problem = data && typeof data === "object" ? data : {};
    throw new ServerRejectedError(
      { ...problem, status: problem.status ?? response.status },
      { retryAfter: retryAfterSeconds(response.headers.get("Retry-After")) },
    );
  }
  return data ?? {};
}

/** Registers a new passkey (WebAuthn L3 §5.1.3 create()): options (body), create(), verify. Returns the verdict and the credential. */
export async function registerPasskey(body) {
  const { ceremonyId, publicKey } = await postJSON("/webauthn/registration/options", body);
  const credential = await navigator.credentials.create({ publicKey: creationOptionsFromJSON(publicKey) });
  if (!credential) throw new DOMException("No passkey was created.", "NotAllowedError");
  const verdict = await postJSON("/webauthn/registration/verify", { ceremonyId, credential: credentialToJSON(credential) });
  return { ...verdict, credential };
}

/**
 * Signs in with a passkey: options (body), get(), verify. mediation "conditional" runs the
 * autofill request (WebAuthn L3 §5.1.4, with conditional mediation); signal aborts it.
 * Returns the verdict ({acr, amr, redirect}) and the credential.
 */
export async function authenticateWithPasskey(body, { mediation, signal } = {}) {
  const { ceremonyId, publicKey } = await postJSON("/webauthn/authentication/options", body, { signal });
  signal?.throwIfAborted();
  const request = { publicKey: requestOptionsFromJSON(publicKey), signal };
  if (mediation) request.mediation = mediation;
  const credential = await navigator.credentials.get(request);
  if (!credential) throw new DOMException("No passkey was chosen.", "NotAllowedError");
  try {
    const verdict = await postJSON("/webauthn/authentication/verify", { ceremonyId, credential: credentialToJSON(credential) });
    return { ...verdict, credential };
  } catch (error) {
    if (error?.code === "passkey-unknown") {
      await signalUnknownCredential(publicKey.rpId ?? window.location.hostname, credential.id);
    }
    throw error;
  }
}

/**
 * Tells the passkey provider that the server no longer knows this credential, so it can stop
 * offering it (WebAuthn L3 signal API, PublicKeyCredential.signalUnknownCredential()). Silently does nothing
 * where the browser lacks it.
 */
export async function signalUnknownCredential(rpId, credentialId) {
  if (typeof window.PublicKeyCredential?.signalUnknownCredential !== "function") return;
  try {
    await window.PublicKeyCredential.signalUnknownCredential({ rpId, credentialId });
  } catch {
    // A signal is advice to the provider; the page carries on either way.
  }
}

/** PublicKeyCredentialCreationOptionsJSON -> options for create() (WebAuthn L3 parseCreationOptionsFromJSON()). */
export function creationOptionsFromJSON(json) {
  if (typeof window.PublicKeyCredential?.parseCreationOptionsFromJSON === "function") {
    return window.PublicKeyCredential.parseCreationOptionsFromJSON(json);
  }
  return {
    ...json,
    challenge: base64urlToBuffer(json.challenge),
    user: { ...json.user, id: base64urlToBuffer(json.user.id) },
    excludeCredentials: (json.excludeCredentials ?? []).map(descriptorFromJSON),
  };
}

/** PublicKeyCredentialRequestOptionsJSON -> options for get() (WebAuthn L3 parseRequestOptionsFromJSON()). */
export function requestOptionsFromJSON(json) {
  if (typeof window.PublicKeyCredential?.parseRequestOptionsFromJSON === "function") {
    return window.PublicKeyCredential.parseRequestOptionsFromJSON(json);
  }
  return {
    ...json,
    challenge: base64urlToBuffer(json.challenge),
    allowCredentials: (json.allowCredentials ?? []).map(descriptorFromJSON),
  };
}

/**
 * The credential in its JSON form for the server (WebAuthn L3 PublicKeyCredential.toJSON()): the browser's own
 * toJSON() when it has one that works, else the same shape built by hand.
 */
export function credentialToJSON(credential) {
  if (typeof credential.toJSON === "function") {
    try {
      return credential.toJSON();
    } catch {
      // Some password-manager extensions hand back objects whose toJSON() throws; build it below.
    }
  }
  const { response } = credential;
  const json = {
    id: credential.id,
    rawId: bufferToBase64url(credential.rawId),
    type: credential.type,
    authenticatorAttachment: credential.authenticatorAttachment ?? undefined,
    clientExtensionResults: credential.getClientExtensionResults?.() ?? {},
    response: { clientDataJSON: bufferToBase64url(response.clientDataJSON) },
  };
  if ("attestationObject" in response) {
    // AuthenticatorAttestationResponseJSON
    json.response.attestationObject = bufferToBase64url(response.attestationObject);
    json.response.transports = response.getTransports?.() ?? [];
    const authenticatorData = response.getAuthenticatorData?.();
    if (authenticatorData) json.response.authenticatorData = bufferToBase64url(authenticatorData);
    const publicKey = response.getPublicKey?.();
    if (publicKey) json.response.publicKey = bufferToBase64url(publicKey);
    const algorithm = response.getPublicKeyAlgorithm?.();
    if (algorithm !== undefined) json.response.publicKeyAlgorithm = algorithm;
  } else {
    // AuthenticatorAssertionResponseJSON
    json.response.authenticatorData = bufferToBase64url(response.authenticatorData);
    json.response.signature = bufferToBase64url(response.signature);
    if (response.userHandle) json.response.userHandle = bufferToBase64url(response.userHandle);
  }
  return json;
}

/** A same-origin path to go to next: only "/…" (never "//…" or "/\…"); anything else is fallback. */
export function safeLocalPath(target, fallback = "/app/") {
  if (typeof target !== "string" || !target.startsWith("/") || target.startsWith("//")) return fallback;
  if (/[\\\u0000-\u001f]/.test(target)) return fallback;
  try {
    const url = new URL(target, window.location.origin);
    if (url.origin !== window.location.origin) return fallback;
    return url.pathname + url.search + url.hash;
  } catch {
    return fallback;
  }
}

function descriptorFromJSON(descriptor) {
  return { ...descriptor, id: base64urlToBuffer(descriptor.id) };
}

// RFC 9110 §10.2.3: Retry-After is delay-seconds or an HTTP-date. Answers whole seconds, or null.
function retryAfterSeconds(value) {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const date = Date.parse(value);
  if (Number.isNaN(date)) return null;
  return Math.max(0, Math.ceil((date - Date.now()) / 1000));
}
