import { continuesNumber, isWordAt } from "./chars.js";
import { forEachDigitRun } from "./digit-runs.js";
import type { PiiSpan } from "./types.js";

/**
 * Issuer identification number ranges: [first prefix, last prefix, lengths allowed], from the
 * networks' published IIN tables (ISO/IEC 7812; summarised in Wikipedia, "Payment card number").
 */
const IIN: readonly (readonly [string, string, number, number])[] = [
  ["4", "4", 13, 19], // Visa (13, 16, 19)
  ["51", "55", 16, 16], // Mastercard
  ["2221", "2720", 16, 16], // Mastercard 2-series
  ["34", "34", 15, 15], // American Express
  ["37", "37", 15, 15],
  ["6011", "6011", 16, 19], // Discover
  ["644", "649", 16, 19],
  ["65", "65", 16, 19],
  ["62", "62", 16, 19], // UnionPay (and Discover's 622126–622925 inside it)
  ["300", "305", 14, 19], // Diners Club
  ["36", "36", 14, 19],
  ["38", "39", 16, 19],
  ["3528", "3589", 16, 19], // JCB
  ["2200", "2204", 16, 19], // Mir
  ["50", "50", 13, 19], // Maestro
  ["56", "69", 13, 19],
];
const VISA_LENGTHS = new Set([13, 16, 19]);

/**
 * Finds payment card numbers: 13–19 digits, compact or in groups joined by one space or dash
 * (the same throughout), grouped as cards print them (fours, or Amex/Diners 4-6-5 and 4-6-4),
 * with a known issuer prefix and a valid Luhn check digit (ISO/IEC 7812-1 Annex B).
 */
export function findCreditCards(text: string, out: PiiSpan[]): void {
  // One scan per separator; the second skips compact numbers, which the first found already.
  for (const sep of [0x20, 0x2d]) {
    forEachDigitRun(text, (c) => c === sep, 1, (run) => {
      if (run.count < 13 || run.count > 19 || (sep === 0x2d && run.groups.length === 1)) return;
      if (!cardGrouping(run.groups)) return;
      if (isWordAt(text, run.start - 1) || isWordAt(text, run.end) || continuesNumber(text, run.end)) return;
      if (/[-.]/.test(text.charAt(run.start - 1))) return;
      if (!knownIssuer(run.digits) || !luhnValid(run.digits)) return;
      out.push({ start: run.start, end: run.end, type: "credit_card" });
    });
  }
}

function cardGrouping(groups: readonly number[]): boolean {
  if (groups.length === 1) return true;
  const shape = groups.join("-");
  if (shape === "4-6-5" || shape === "4-6-4") return true;
  return groups.every((g, i) => (i < groups.length - 1 ? g === 4 : g >= 1 && g <= 4));
}

function knownIssuer(digits: string): boolean {
  const len = digits.length;
  return IIN.some(([lo, hi, min, max]) => {
    const prefix = digits.slice(0, lo.length);
    if (prefix < lo || prefix > hi || len < min || len > max) return false;
    return lo !== "4" || VISA_LENGTHS.has(len);
  });
}

/** Luhn (mod 10): doubling every second digit from the right, the sum is a multiple of 10. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = digits.length - 1, double = false; i >= 0; i--, double = !double) {
    let d = digits.charCodeAt(i) - 0x30;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}
