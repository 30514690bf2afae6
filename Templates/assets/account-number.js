// Passbank account numbers (IBAN-shaped, ISO 13616): checked when a person types one, grouped when
// the app shows one.

/** A Passbank account number without spaces, upper case, when its shape and check digits are right (ISO 13616), else null. */
export function normaliseAccountNumber(text) {
  const compact = String(text ?? "").replace(/\s/g, "").toUpperCase();
  if (!/^PB\d{2}PASS\d{10}$/.test(compact)) return null;
  const rearranged = compact.slice(4) + compact.slice(0, 4);
  let remainder = 0;
  for (const character of rearranged) {
    const value = /\d/.test(character) ? character : String(character.charCodeAt(0) - 55);
    for (const digit of value) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder === 1 ? compact : null;
}

/** An account number in groups of four for reading ("PB12PASS…" -> "PB12 PASS …"); other text as it is. */
export function displayAccountNumber(number) {
  const text = String(number ?? "");
  return /^[A-Z0-9]{18}$/.test(text) ? text.replace(/(.{4})(?=.)/g, "$1 ") : text;
}
