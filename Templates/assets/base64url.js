// base64url without padding (RFC 4648 §5), the encoding WebAuthn's JSON forms use for bytes.
// Only needed where the browser lacks parse*OptionsFromJSON() or toJSON().

/** base64url text -> ArrayBuffer. Throws a TypeError for text that isn't base64url. */
export function base64urlToBuffer(text) {
  if (typeof text !== "string" || !/^[A-Za-z0-9_-]*$/.test(text)) {
    throw new TypeError("Not base64url.");
  }
  const base64 = text.replace(/-/g, "+").replace(/_/g, "/").padEnd(Math.ceil(text.length / 4) * 4, "=");
  const binary = window.atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index += 1) bytes[index] = binary.charCodeAt(index);
  return bytes.buffer;
}

/** ArrayBuffer or view -> base64url text without padding. */
export function bufferToBase64url(buffer) {
  const bytes = ArrayBuffer.isView(buffer)
    ? new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength)
    : new Uint8Array(buffer);
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return window.btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}
