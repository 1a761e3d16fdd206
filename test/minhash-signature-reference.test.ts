import assert from "node:assert/strict";
import { test } from "node:test";
import { MinHasher } from "../src/dedup/minhash/signature.js";
import { TokenHashes, tokenize, type ShingleUnit } from "../src/dedup/minhash/tokens.js";

/*
 * The optimized signature path (tokens.ts, signature.ts: table lookups, several permutations
 * per pass, the low half only on ties, the distributed xor-shift) against a straightforward
 * reading of the scheme documented in those files: word strings, every shingle × permutation
 * computed in full, 32-bit products by BigInt, the minimum by explicit comparison.
 */

const mul32 = (x: number, y: number): number => Number((BigInt(x >>> 0) * BigInt(y >>> 0)) & 0xffffffffn) >>> 0;
const xor = (x: number, y: number): number => (x ^ y) >>> 0;

function fmix(h: number): number {
  h = xor(h, h >>> 16);
  h = mul32(h, 0x85ebca6b);
  h = xor(h, h >>> 13);
  h = mul32(h, 0xc2b2ae35);
  return xor(h, h >>> 16);
}

function parameters(seed: number, stream: number): () => number {
  let state = fmix(xor(seed >>> 0, fmix(xor(Math.floor(seed / 2 ** 32) >>> 0, fmix(stream + 0x6d2b79f5)))));
  return () => {
    state = (state + 0x9e3779b9) % 2 ** 32;
    return fmix(state);
  };
}

/** Tokens as arrays of UTF-16 code units, normalized as tokens.ts documents. */
function referenceTokens(text: string, unit: ShingleUnit): number[][] {
  const t = text.toLowerCase().normalize("NFD");
  const tokens: number[][] = [];
  let word: number[] = [];
  let inDigits = false;
  const end = () => {
    if (word.length > 0) tokens.push(word);
    word = [];
  };
  for (let i = 0; i < t.length; i++) {
    const code = t.charCodeAt(i);
    const ch = t[i];
    const surrogate = code >= 0xd800 && code <= 0xdfff;
    if (!surrogate && /\s/.test(ch)) {
      end();
      inDigits = false;
    } else if (!surrogate && /\p{Nd}/u.test(ch)) {
      if (!inDigits) word.push(48);
      inDigits = true;
      if (unit === "chars") end();
    } else if (!surrogate && /[\p{P}\p{S}\p{Mn}\p{Cc}\p{Cf}]/u.test(ch)) {
      // dropped: neither a separator nor the end of a digit run ("1,000" → "0")
    } else {
      word.push(code);
      inDigits = false;
      if (unit === "chars") end();
    }
  }
  end();
  return tokens;
}

function referenceSignature(text: string, unit: ShingleUnit, seed: number, seedA: number, seedB: number, perms: number, ngram: number): Int32Array | undefined {
  const finish = (h: number, salt: number) => fmix(xor(h, mul32(salt, 0x9e3779b1)));
  const lanes = referenceTokens(text, unit).map((w) => {
    let a = seedA >>> 0;
    let b = seedB >>> 0;
    for (const c of w) {
      a = mul32(xor(a, c), 0x01000193);
      b = mul32(xor(((b << 5) | (b >>> 27)) >>> 0, c), 0x27d4eb2f);
    }
    return [finish(a, w.length), finish(b, xor(w.length, 0x5bd1e995))];
  });
  if (lanes.length === 0) return undefined;
  const n = Math.min(ngram, lanes.length);
  const shingles: [number, number][] = [];
  for (let k = 0; k + n <= lanes.length; k++) {
    let l = 0x2545f491;
    let h = 0x6a09e667;
    for (let j = k; j < k + n; j++) {
      l = mul32(xor(l, lanes[j][0]), 0x9e3779b1);
      l = xor(l, l >>> 15);
      h = mul32(xor(h, lanes[j][1]), 0x85ebca77);
      h = xor(h, h >>> 13);
    }
    shingles.push([fmix(l), fmix(h)]);
  }
  const next = parameters(seed, 1);
  const draw = (odd: boolean) => Array.from({ length: perms }, () => (odd ? next() | 1 : next()) >>> 0);
  const [s, a, t, c] = [draw(false), draw(true), draw(false), draw(true)];
  const g = (x: number, m: number) => {
    const y = mul32(xor(x, x >>> 16), m);
    return xor(y, y >>> 15);
  };
  const sig = new Int32Array(2 * perms);
  for (let i = 0; i < perms; i++) {
    let best: [number, number] | undefined;
    for (const [L, H] of shingles) {
      const hi = g(xor(L, s[i]), a[i]) | 0;
      const lo = xor(g(xor(H, t[i]), c[i]), hi) | 0;
      if (best === undefined || hi < best[0] || (hi === best[0] && lo < best[1])) best = [hi, lo];
    }
    sig[2 * i] = best![0];
    sig[2 * i + 1] = best![1];
  }
  return sig;
}

/** Deterministic varied text: ASCII, accents (composed and combining), Greek final sigma, Cyrillic, CJK, emoji, digits with separators, odd spaces and format characters. */
function corpus(count: number): string[] {
  const pieces = [
    "the", "Quick", "BROWN", "fox", "don't", "café", "cafe\u0301", "naïve", "Ελληνικά", "ΟΔΟΣ", "σοφός", "Привет", "мир",
    "数据清洗", "很重要。", "日本語", "ไทย", "😀", "𝐀𝐁𝐂", "1,000", "3.14159", "٣٤٥", "2026-12-02", "$9.99", "—", "«quoted»",
    "ﬁne", "Straße", "İstanbul", "zero\u200bwidth", "tab\there", "a", "I", "ǅemal", "x\u00a0y", "end.\n", "\u3000", "...",
  ];
  let state = 12345;
  const rand = (n: number) => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return (state >>> 8) % n;
  };
  const docs = ["", "…!? --", "one", "two words", "exactly five short words here"];
  for (let d = docs.length; d < count; d++) {
    const len = d % 17 === 0 ? 900 + rand(400) : 1 + rand(60);
    const words: string[] = [];
    for (let w = 0; w < len; w++) words.push(pieces[rand(pieces.length)] + (rand(9) === 0 ? pieces[rand(pieces.length)] : ""));
    docs.push(words.join(rand(3) === 0 ? "  " : " "));
  }
  return docs;
}

test("optimized signatures equal a straightforward reference on varied Unicode text (words and chars, 112 and odd permutation counts)", () => {
  const docs = corpus(70);
  const tokens = new TokenHashes();
  let compared = 0;
  for (const [unit, perms, ngram, seed] of [
    ["words", 112, 5, 1],
    ["words", 7, 3, 2 ** 40 + 17],
    ["chars", 10, 5, 99],
    ["words", 4, 1, 5],
  ] as const) {
    const seedA = 0x1234567 + perms;
    const seedB = 0x7654321 ^ ngram;
    const hasher = new MinHasher(seed, perms, ngram);
    for (const text of docs) {
      tokenize(text, unit, seedA, seedB, tokens);
      const expected = referenceSignature(text, unit, seed, seedA, seedB, perms, ngram);
      assert.equal(hasher.compute(tokens), expected !== undefined, `has tokens: ${JSON.stringify(text.slice(0, 40))}`);
      if (expected === undefined) continue;
      assert.deepEqual(hasher.sig, expected, `${unit} ${perms}×${ngram}: ${JSON.stringify(text.slice(0, 40))}`);
      compared++;
    }
  }
  assert.ok(compared >= 4 * 65, `compared ${compared} signatures`);
});
