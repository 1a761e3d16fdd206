import { isDigit, isHex, isWordAt, nextDigit } from "./chars.js";
import { isPublicV4, isPublicV6 } from "./ip-ranges.js";
import type { PiiSpan } from "./types.js";

const DOT = 0x2e;
const COLON = 0x3a;

/** Longest textual IPv6 address: eight groups of four, seven colons (45 with an IPv4 tail). */
const MAX_V6 = 45;

/**
 * Finds public IPv4 addresses in dotted-quad form (four decimal octets 0–255 without leading
 * zeros, which Python's `ipaddress` also rejects). An address glued to a letter, digit or
 * another `.digit` is part of something longer (a version, an OID) and is skipped. Each
 * attempt reads at most 15 characters: linear time.
 */
export function findIpv4(text: string, out: PiiSpan[]): void {
  const n = text.length;
  for (let i = nextDigit(text, 0); i >= 0; i = nextDigit(text, i + 1)) {
    if (isWordAt(text, i - 1) || (text.charCodeAt(i - 1) === DOT && isDigit(text.charCodeAt(i - 2)))) {
      while (i + 1 < n && isDigit(text.charCodeAt(i + 1))) i++;
      continue;
    }
    const end = parseV4(text, i);
    if (end < 0) {
      while (i + 1 < n && isDigit(text.charCodeAt(i + 1))) i++;
      continue;
    }
    if (isPublicV4(v4Value(text, i, end))) out.push({ start: i, end, type: "ip" });
    i = end - 1;
  }
}

/** End of a dotted quad starting at `i` and not continued by a word character or `.digit`; -1 if none. */
function parseV4(text: string, i: number): number {
  let p = i;
  for (let octet = 0; octet < 4; octet++) {
    if (octet > 0) {
      if (text.charCodeAt(p) !== DOT) return -1;
      p++;
    }
    const s = p;
    let v = 0;
    while (p < text.length && isDigit(text.charCodeAt(p)) && p - s < 4) v = v * 10 + text.charCodeAt(p++) - 0x30;
    const len = p - s;
    if (len === 0 || len > 3 || v > 255 || (len > 1 && text.charCodeAt(s) === 0x30)) return -1;
  }
  if (isWordAt(text, p) || (text.charCodeAt(p) === DOT && isDigit(text.charCodeAt(p + 1)))) return -1;
  return p;
}

function v4Value(text: string, start: number, end: number): number {
  let value = 0;
  let octet = 0;
  for (let p = start; p < end; p++) {
    const c = text.charCodeAt(p);
    if (c === DOT) {
      value = value * 256 + octet;
      octet = 0;
    } else octet = octet * 10 + c - 0x30;
  }
  return value * 256 + octet;
}

/**
 * Finds public IPv6 addresses. Candidates are maximal runs of hex digits, `:` and `.` around a
 * colon, holding two or more colons; runs do not overlap (a run never reaches back before the
 * end of the previous one) and runs longer than any address are skipped, so the scan is linear. A run may shed one leading `:` (`IP:2001:db8::1`) and one
 * trailing `:` or `.` (end of sentence) before it is parsed.
 */
export function findIpv6(text: string, out: PiiSpan[]): void {
  const n = text.length;
  let done = 0; // runs end before this index
  for (let colon = text.indexOf(":"); colon >= 0; colon = text.indexOf(":", Math.max(colon + 1, done))) {
    let i = colon;
    while (i > done && isRunChar(text.charCodeAt(i - 1))) i--;
    let end = colon + 1;
    let colons = 1;
    for (; end < n; end++) {
      const d = text.charCodeAt(end);
      if (d === COLON) colons++;
      else if (!(isHex(d) || d === DOT)) break;
    }
    done = end;
    if (colons < 2 || end - i > MAX_V6 + 2) continue;
    let s = i;
    let e = end;
    if (text.charCodeAt(s) === COLON && text.charCodeAt(s + 1) !== COLON) s++;
    const last = text.charCodeAt(e - 1);
    if ((last === DOT || last === COLON) && text.charCodeAt(e - 2) !== COLON) e--;
    const groups = isWordAt(text, s - 1) || isWordAt(text, e) ? undefined : parseV6(text.slice(s, e));
    if (groups && isPublicV6(groups)) out.push({ start: s, end: e, type: "ip" });
  }
}

function isRunChar(c: number): boolean {
  return isHex(c) || c === COLON || c === DOT;
}

/** The eight groups of an IPv6 address in RFC 4291 §2.2 text form, or undefined. */
export function parseV6(s: string): number[] | undefined {
  const halves = s.split("::");
  if (halves.length > 2) return undefined;
  const head = halves[0] ? halves[0].split(":") : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(":") : [];
  const groups: number[] = [];
  const parts = [...head, ...tail];
  for (let k = 0; k < parts.length; k++) {
    const part = parts[k];
    if (part.includes(".")) {
      // An IPv4 tail ("::ffff:1.2.3.4") fills the last two groups.
      if (k !== parts.length - 1 || parseV4(part, 0) !== part.length) return undefined;
      const v = v4Value(part, 0, part.length);
      groups.push(v >>> 16, v & 0xffff);
    } else {
      if (part.length === 0 || part.length > 4 || !/^[0-9a-f]+$/i.test(part)) return undefined;
      groups.push(parseInt(part, 16));
    }
  }
  if (halves.length === 1) return groups.length === 8 ? groups : undefined;
  if (groups.length > 7) return undefined;
  const headGroups = groups.length - tailGroupCount(tail);
  return [...groups.slice(0, headGroups), ...new Array<number>(8 - groups.length).fill(0), ...groups.slice(headGroups)];
}

function tailGroupCount(tail: readonly string[]): number {
  return tail.reduce((n, p) => n + (p.includes(".") ? 2 : 1), 0);
}
