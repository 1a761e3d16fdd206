import { isAlnum, isAsciiLetter } from "./chars.js";
import type { PiiSpan } from "./types.js";

const AT = 0x40;
const DOT = 0x2e;
const HYPHEN = 0x2d;

/** Local part characters: letters, digits and `._%+-`, the set addresses use in practice (RFC 5322 allows more, such as `'` and `=`, which in web text mostly come from quotes and query strings). */
function isLocal(c: number): boolean {
  return isAlnum(c) || c === DOT || c === 0x5f || c === 0x25 || c === 0x2b || c === HYPHEN;
}

function isDomain(c: number): boolean {
  return isAlnum(c) || c === DOT || c === HYPHEN;
}

/** File extensions that look like top-level domains after `@2x` in image names (`logo@2x.png`). */
const IMAGE_EXTENSIONS = new Set(["png", "jpg", "jpeg", "gif", "svg", "webp"]);

/**
 * Finds e-mail addresses, case-insensitively. From each `@`, the scan extends left over local
 * part characters and right over domain characters; `@` belongs to neither set, so every
 * character is visited by at most two of these scans: linear time. The domain must have two or
 * more valid labels (1–63 letters, digits or inner hyphens) and a top-level label of ≥ 2 letters.
 * datatrove's `PIIFormatter` regex finds lowercase addresses only.
 */
export function findEmails(text: string, out: PiiSpan[]): void {
  let floor = 0;
  for (let at = text.indexOf("@"); at >= 0; at = text.indexOf("@", at + 1)) {
    let s = at;
    while (s > floor && isLocal(text.charCodeAt(s - 1))) s--;
    let e = at + 1;
    while (e < text.length && isDomain(text.charCodeAt(e))) e++;
    const start = localStart(text, s, at);
    const end = domainEnd(text, at + 1, e);
    if (start < 0 || end < 0) continue;
    out.push({ start, end, type: "email" });
    floor = end;
  }
}

/** Start of a valid local part within `[s, at)`: after the last `..`, without leading punctuation; -1 if none. */
function localStart(text: string, s: number, at: number): number {
  if (at === s || text.charCodeAt(at - 1) === DOT) return -1;
  let start = s;
  for (let i = at - 1; i > s; i--) {
    if (text.charCodeAt(i) === DOT && text.charCodeAt(i - 1) === DOT) {
      start = i + 1;
      break;
    }
  }
  while (start < at && !isAlnum(text.charCodeAt(start))) start++;
  return start < at ? start : -1;
}

/** End of the valid domain within `[from, e)`: whole labels up to the first invalid one; -1 if < 2 labels or a bad TLD. */
function domainEnd(text: string, from: number, e: number): number {
  let labels = 0;
  let end = -1;
  let tldStart = from;
  let i = from;
  while (i < e) {
    let j = i;
    while (j < e && text.charCodeAt(j) !== DOT) j++;
    const len = j - i;
    if (len === 0 || len > 63 || text.charCodeAt(i) === HYPHEN || text.charCodeAt(j - 1) === HYPHEN) break;
    labels++;
    end = j;
    tldStart = i;
    i = j + 1;
  }
  if (labels < 2) return -1;
  for (let k = tldStart; k < end; k++) if (!isAsciiLetter(text.charCodeAt(k))) return -1;
  if (end - tldStart < 2 || IMAGE_EXTENSIONS.has(text.slice(tldStart, end).toLowerCase())) return -1;
  return text.charCodeAt(end) === AT ? -1 : end;
}
