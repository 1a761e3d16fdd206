import { continuesNumber, isWordAt } from "./chars.js";
import { type DigitRun, forEachDigitRun } from "./digit-runs.js";
import type { PiiSpan } from "./types.js";

const PLUS = 0x2b;
const OPEN = 0x28;

/** Characters between digit groups of a phone number: space, `-`, `.`, `/`, parentheses. */
function isSep(c: number): boolean {
  return c === 0x20 || c === 0x2d || c === 0x2e || c === 0x2f || c === OPEN || c === 0x29;
}

/**
 * Finds phone numbers without a numbering-plan database (Presidio uses Google's
 * libphonenumber), by the shape numbers are written in:
 * - international: `+`, then 8–15 digits (E.164 allows at most 15), compact
 *   (`+14155552671`) or grouped with a country code of 1–3 digits (`+44 20 7946 0958`,
 *   `+1 (415) 555-2671`, `+49 (0)30 1234567`);
 * - national: 10 or 11 digits in two or more groups (`(415) 555-2671`, `1-800-555-1234`,
 *   `020 7946 0958`, `01 23 45 67 89`). Shorter numbers are too often something else.
 * Not phones: groups of one digit after the second (ISBNs, versions), dot-only runs of four
 * groups ≤ 3 digits (IPv4), a leading year and a month (`2023-10-15 …`), runs of 2-digit
 * groups not starting with 0 (tables of numbers), a single group without `+` (ids,
 * timestamps), and any run continued by a letter, another number or `:digit` (times).
 * Separators are 1–2 characters from space, `-`, `.`, `/`, `(`, `)`.
 */
export function findPhones(text: string, out: PiiSpan[]): void {
  forEachDigitRun(text, isSep, 2, (run) => {
    let start = run.start;
    const before = text.charCodeAt(start - 1);
    const intl = before === PLUS;
    if (intl || before === OPEN) start--;
    if (isWordAt(text, start - 1) || /[-.+/]/.test(text.charAt(start - 1))) return;
    if (isWordAt(text, run.end) || continuesNumber(text, run.end) || continuesAfterColon(text, run.end)) return;
    if (!(intl ? internationalShape(run) : nationalShape(run))) return;
    if (!parenthesesBalanced(run, before === OPEN)) return;
    out.push({ start, end: run.end, type: "phone" });
  });
}

function internationalShape(run: DigitRun): boolean {
  if (run.count < 8 || run.count > 15) return false;
  return run.groups.length === 1 || (run.groups[0] <= 3 && commonShape(run));
}

function nationalShape(run: DigitRun): boolean {
  if (run.count < 10 || run.count > 11 || run.groups.length < 2 || !commonShape(run)) return false;
  if (run.groups.every((g) => g <= 2) && run.digits[0] !== "0") return false;
  const year = run.digits.slice(0, 2);
  return !(run.groups[0] === 4 && (year === "19" || year === "20") && run.groups[1] <= 2);
}

function commonShape(run: DigitRun): boolean {
  if (run.groups.some((g, i) => g === 1 && i > 1)) return false;
  const dotted = run.seps.every((s) => s === ".");
  return !(dotted && run.groups.length === 4 && run.groups.every((g) => g <= 3));
}

/** Every `(` closed by a `)` before the next `(`, counting a `(` just before the run. */
function parenthesesBalanced(run: DigitRun, openBefore: boolean): boolean {
  let open = openBefore;
  for (const sep of run.seps) {
    for (const ch of sep) {
      if (ch === "(") {
        if (open) return false;
        open = true;
      } else if (ch === ")") {
        if (!open) return false;
        open = false;
      }
    }
  }
  return !open;
}

function continuesAfterColon(text: string, i: number): boolean {
  return text.charCodeAt(i) === 0x3a && /\d/.test(text.charAt(i + 1));
}
