import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { CL100K_TOKEN_SPLIT_REGEX, O200K_TOKEN_SPLIT_REGEX } from "gpt-tokenizer/encodingParams/constants";
import { cl100kPieceEnd, o200kPieceEnd } from "../src/tokenize/ascii-split.js";
import { hasSharedData, SHARED_DATA } from "./helpers.js";

const SCANNERS = [
  { name: "cl100k_base", regex: new RegExp(CL100K_TOKEN_SPLIT_REGEX.source, "uy"), pieceEnd: cl100kPieceEnd },
  { name: "o200k_base", regex: new RegExp(O200K_TOKEN_SPLIT_REGEX.source, "uy"), pieceEnd: o200kPieceEnd },
];

/**
 * Walks `text` piece by piece with the library's regex and checks that wherever the scanner
 * answers, it answers the regex's end. Returns [pieces, pieces the scanner answered].
 */
function compare(s: (typeof SCANNERS)[number], text: string, where: string): [number, number] {
  let pieces = 0;
  let fast = 0;
  for (let pos = 0; pos < text.length; ) {
    s.regex.lastIndex = pos;
    assert.ok(s.regex.test(text), `${s.name}: the regex matches at every position (${where}:${pos})`);
    const end = s.regex.lastIndex;
    const got = s.pieceEnd(text, pos);
    if (got !== -1) {
      if (got !== end) assert.fail(`${s.name}: ${where} at ${pos}: ${JSON.stringify(text.slice(pos, Math.max(got, end) + 2))}: scanner ends at ${got}, regex at ${end}`);
      fast++;
    }
    pieces++;
    pos = end;
  }
  return [pieces, fast];
}

/** Every text file of shared/data (web pages, Wikipedia, code, benchmarks, many languages). */
function sharedTextFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sharedTextFiles(path));
    else if (/\.(txt|jsonl|json|csv|md|rst|html)$/.test(name)) out.push(path);
  }
  return out;
}

test("ASCII scanner ends every piece where the split regex does: all shared/data text", { skip: !hasSharedData && "no shared data" }, () => {
  const files = sharedTextFiles(SHARED_DATA);
  assert.ok(files.length > 100);
  for (const s of SCANNERS) {
    let pieces = 0;
    let fast = 0;
    for (const f of files) {
      const [p, q] = compare(s, readFileSync(f, "utf8"), f);
      pieces += p;
      fast += q;
    }
    // Most pieces of real text take the fast path, or the scanner would be pointless.
    assert.ok(fast / pieces > 0.6, `${s.name}: ${fast} of ${pieces} pieces by the scanner`);
  }
});

// Characters that make the patterns branch: letters of every case class (Lt ǅ, Lm ʰ, Lo 漢),
// a combining mark, non-ASCII digits (² ٣) and spaces (NBSP, U+2028, U+3000), symbols, emoji, a
// lone surrogate, controls, apostrophes and the contraction letters, `/`, CR and LF.
const ALPHABET = ["a", "Z", "s", "t", "L", "l", "v", "E", "r", "d", "M", "1", "9", " ", "\t", "\n", "\r", "\v", "'", "’", "/", ".", "-", "_", "$", "\x00", "\x1f", "é", "É", "ǅ", "ʰ", "漢", "\u0301", "²", "٣", "\u00a0", "\u2028", "\u3000", "—", "😀", "\ud800"];

test("ASCII scanner ends every piece where the split regex does: adversarial strings", () => {
  const strings: string[] = [];
  // Every string of up to three characters of the alphabet (~70,000)...
  for (const a of ALPHABET) for (const b of ["", ...ALPHABET]) for (const c of ["", ...ALPHABET]) strings.push(a + b + c);
  // ...and longer ones from a fixed-seed generator.
  let seed = 12345;
  const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % ALPHABET.length;
  for (let i = 0; i < 20_000; i++) {
    let s = "";
    for (let n = 4 + (i % 29); n > 0; n--) s += ALPHABET[next()];
    strings.push(s);
  }
  for (const s of SCANNERS) for (const text of strings) compare(s, text, "generated");
});
