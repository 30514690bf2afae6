// Money in the app: amounts from the API formatted for reading, and amounts people type turned into
// the API's decimal text. Amounts are decimal strings on the wire ("2500.00") and never become
// floating-point numbers here: comparisons use integer minor units (BigInt).
import { copy } from "./copy.js";

const language = document.documentElement.lang || undefined;

/** Money from the API ({amount: "2500.00", currency: "EUR"}) as "2,500.00 EUR", exact (the amount is formatted as a decimal string). */
export function formatMoney(money) {
  if (!money || typeof money.amount !== "string") return "";
  let number = money.amount;
  try {
    const formatter = new Intl.NumberFormat(language, { style: "currency", currency: money.currency, currencyDisplay: "code" });
    number = formatter
      .formatToParts(money.amount)
      .filter((piece) => piece.type !== "currency" && piece.type !== "literal")
      .map((piece) => piece.value)
      .join("");
  } catch {
    // An unknown currency: the API's own decimal text is still right.
  }
  return copy("app.money", { amount: number, currency: money.currency });
}

/** How many minor digits a currency has on the wire, read from an amount the API sent ("5000.00" -> 2). */
export function minorDigits(money) {
  const match = /\.(\d+)$/.exec(money?.amount ?? "");
  return match ? match[1].length : 0;
}

/** A wire decimal as integer minor units (BigInt), never floating point. */
export function minorUnits(amount) {
  const negative = amount.startsWith("-");
  const units = BigInt(amount.replace("-", "").replace(".", ""));
  return negative ? -units : units;
}

/**
 * Turns what a person typed ("2,500", "2500", "2500.5", " 50 ") into the API's decimal text with
 * exactly `digits` minor digits ("2500.00"). Answers {value} or {error: "missing" | "format" | "zero" | "too-large"}.
 * Only a comma every three digits and a point before the cents are accepted: anything else (a comma
 * for cents, signs, exponents, letters) is refused rather than guessed.
 */
export function normaliseAmount(text, digits = 2) {
  let compact = String(text ?? "").replace(/[\s\u00a0\u202f]/g, "");
  if (!compact) return { error: "missing" };
  if (compact.startsWith(".")) compact = `0${compact}`;
  const match = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d*))?$/.exec(compact);
  if (!match) return { error: "format" };
  const fraction = match[2] ?? "";
  if (fraction.length > digits) return { error: "format" };
  const integer = match[1].replace(/,/g, "").replace(/^0+(?=\d)/, "");
  if (integer.length > 15) return { error: "too-large" };
  const value = digits > 0 ? `${integer}.${fraction.padEnd(digits, "0")}` : integer;
  if (minorUnits(value) === 0n) return { error: "zero" };
  return { value };
}
