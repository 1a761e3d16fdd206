import { createHash } from "node:crypto";
import { normalizeText, type TextNormalization } from "./normalize.js";

const FALLBACK = 0x10000;
const SPACE = 0x10001;
/** Values from EXPAND on: index + EXPAND into the table's expansions (NFKC of "…" is "...", of "™" is "TM"). */
const EXPAND = 0x10002;

interface Table {
  map: Uint32Array;
  expansions: Uint16Array[];
}
const tables = new Map<string, Table>();

/**
 * Per BMP code unit, what `normalizeText` makes of it when it is normalized alone: the one code
 * unit it becomes, SPACE for whitespace (collapsed), or FALLBACK when that is not a function of
 * the unit alone: surrogates, combining marks and Hangul jamo (NFKC composes them with their
 * neighbours), units NFKC or lowercasing expand, and Σ (lowercased by context, Final_Sigma).
 */
function table(n: TextNormalization): Table {
  const name = `${n.lowercase}${n.collapse_whitespace}${n.nfkc}`;
  const known = tables.get(name);
  if (known) return known;
  const t = new Uint32Array(65536);
  const expansions: Uint16Array[] = [];
  const composing = /[\p{M}\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\ud7b0-\ud7ff]/u;
  for (let c = 0; c < 65536; c++) {
    const s = String.fromCharCode(c);
    if ((c >= 0xd800 && c <= 0xdfff) || c === 0x3a3 || composing.test(s)) t[c] = FALLBACK;
    else if (n.collapse_whitespace && /\s/.test(s)) t[c] = SPACE;
    else {
      let m = n.nfkc ? s.normalize("NFKC") : s;
      if (n.lowercase) m = m.toLowerCase();
      if (m.length === 0 || composing.test(m) || /[\ud800-\udfff\u03a3]/.test(m) || (n.collapse_whitespace && /\s/.test(m))) t[c] = FALLBACK;
      else if (m.length === 1) t[c] = m.charCodeAt(0);
      else {
        t[c] = EXPAND + expansions.length;
        expansions.push(Uint16Array.from(m, (ch) => ch.charCodeAt(0)));
      }
    }
  }
  const made = { map: t, expansions };
  tables.set(name, made);
  return made;
}

let scratch = Buffer.allocUnsafe(1 << 16);

/**
 * sha256 of the UTF-8 of `normalizeText(text, n)`, computed in one pass that writes the
 * normalized UTF-8 bytes into a reused buffer (no string copies), character by character from
 * a table; a text with a unit whose normalization depends on its neighbours (see `table`)
 * takes the string path instead. Both give the same digest for the same normalized text.
 */
export function textKeyHash(text: string, n: TextNormalization): Buffer {
  const { map, expansions } = table(n);
  if (scratch.length < text.length * 3 + 64) scratch = Buffer.allocUnsafe(text.length * 6 + 64);
  let out = scratch;
  let len = 0;
  let space = false;
  for (let i = 0; i < text.length; i++) {
    const m = map[text.charCodeAt(i)];
    if (m === SPACE) {
      space = len > 0;
      continue;
    }
    if (m === FALLBACK) return createHash("sha256").update(normalizeText(text, n)).digest();
    if (space) {
      out[len++] = 32;
      space = false;
    }
    if (m < 0x80) out[len++] = m;
    else if (m < FALLBACK) len = putUtf8(out, len, m);
    else {
      const e = expansions[m - EXPAND];
      // An expansion may outgrow the 3 bytes per unit reserved: room for it and the rest of the text.
      if (len + 3 * (e.length + text.length - i) > out.length) {
        const grown = Buffer.allocUnsafe(2 * (len + 3 * (e.length + text.length - i)));
        out.copy(grown, 0, 0, len);
        scratch = out = grown;
      }
      for (let k = 0; k < e.length; k++) len = putUtf8(out, len, e[k]);
    }
  }
  return createHash("sha256").update(out.subarray(0, len)).digest();
}

function putUtf8(out: Buffer, len: number, m: number): number {
  if (m < 0x80) out[len++] = m;
  else if (m < 0x800) {
    out[len++] = 0xc0 | (m >> 6);
    out[len++] = 0x80 | (m & 63);
  } else {
    out[len++] = 0xe0 | (m >> 12);
    out[len++] = 0x80 | ((m >> 6) & 63);
    out[len++] = 0x80 | (m & 63);
  }
  return len;
}
