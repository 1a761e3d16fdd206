import { isAlnum, isDigit, isWordAt } from "./chars.js";
import type { PiiSpan } from "./types.js";

/**
 * IBAN length per country code, from the SWIFT IBAN Registry (ISO 13616), including the
 * 2021–2024 additions (BI, DJ, FK, LY, MN, NI, OM, RU, SD, SO, YE).
 */
const LENGTHS: Readonly<Record<string, number>> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BI: 27, BR: 29, BY: 28,
  CH: 21, CR: 22, CY: 28, CZ: 24, DE: 22, DJ: 27, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18,
  FK: 18, FO: 18, FR: 27, GB: 22, GE: 22, GI: 23, GL: 18, GR: 27, GT: 28, HR: 21, HU: 28, IE: 22,
  IL: 23, IQ: 23, IS: 26, IT: 27, JO: 30, KW: 30, KZ: 20, LB: 28, LC: 32, LI: 21, LT: 20, LU: 20,
  LV: 21, LY: 25, MC: 27, MD: 24, ME: 22, MK: 19, MN: 20, MR: 27, MT: 31, MU: 30, NI: 28, NL: 18,
  NO: 15, OM: 23, PK: 24, PL: 28, PS: 29, PT: 25, QA: 29, RO: 24, RS: 22, RU: 33, SA: 24, SC: 31,
  SD: 18, SE: 24, SI: 19, SK: 24, SM: 27, SO: 23, ST: 25, SV: 28, TL: 23, TN: 24, TR: 26, UA: 29,
  VA: 22, VG: 24, XK: 20, YE: 30,
};

/**
 * Finds IBANs, compact (`DE89370400440532013000`) or in groups separated by single spaces
 * (`DE89 3704 0044 0532 0130 00`): a country code of the registry, two check digits, exactly
 * that country's length in letters and digits, then no further letter or digit, and a valid
 * ISO 7064 mod 97-10 checksum. Candidates are found by a bounded regex and each reads at most
 * 2 × 34 characters: linear time.
 */
export function findIbans(text: string, out: PiiSpan[]): void {
  const n = text.length;
  // A bounded pattern: each attempt reads at most four characters, whatever the input.
  const start = /[A-Z]{2}[0-9]{2}/g;
  for (let m = start.exec(text); m; m = start.exec(text)) {
    const i = m.index;
    start.lastIndex = i + 1;
    if (isWordAt(text, i - 1)) continue;
    const length = LENGTHS[text.slice(i, i + 2)];
    if (length === undefined) continue;
    // ISO 13616 checks the BBAN followed by the first four characters: the BBAN's remainder is
    // computed while reading it, without building a string.
    let count = 4;
    let r = 0;
    let p = i + 4;
    while (count < length && p < n) {
      const c = text.charCodeAt(p);
      if (isAlnum(c)) {
        r = mod97Step(r, c);
        count++;
      } else if (!(c === 0x20 && isAlnum(text.charCodeAt(p + 1)))) break;
      p++;
    }
    if (count !== length || isWordAt(text, p)) continue;
    for (let k = i; k < i + 4; k++) r = mod97Step(r, text.charCodeAt(k));
    if (r !== 1) continue;
    out.push({ start: i, end: p, type: "iban" });
    start.lastIndex = p;
  }
}

/**
 * One step of ISO 7064 mod 97-10 over an IBAN read as a number: digits count as themselves,
 * letters (either case) as 10–35, i.e. two digits. A valid IBAN, rearranged, leaves 1.
 */
function mod97Step(r: number, c: number): number {
  if (isDigit(c)) return (r * 10 + (c - 0x30)) % 97;
  return (r * 100 + ((c | 0x20) - 0x61 + 10)) % 97;
}
