import assert from "node:assert/strict";
import { test } from "node:test";
import { matchProbability, optimalBandsRows } from "../src/dedup/minhash/lsh-params.js";
import { MinHasher, signatureAgreement } from "../src/dedup/minhash/signature.js";
import { TokenHashes, tokenize } from "../src/dedup/minhash/tokens.js";
import { Components } from "../src/dedup/minhash/union-find.js";

function hashes(text: string, unit: "words" | "chars" = "words"): number[] {
  const t = new TokenHashes();
  tokenize(text, unit, 1, 2, t);
  return [...t.lo.subarray(0, t.count), ...t.hi.subarray(0, t.count)];
}

test("normalization: case, punctuation, diacritics and digit runs do not separate copies", () => {
  assert.deepEqual(hashes("Don't STOP — it's 1,000 cafés!"), hashes("dont stop its 0 cafes"));
  assert.deepEqual(hashes("a\t\nb   c"), hashes("a b c"));
  assert.deepEqual(hashes("Hello, World"), hashes("hello world"));
  assert.notDeepEqual(hashes("a b c"), hashes("a c b"));
  assert.equal(hashes("…!? --").length, 0);
  // chars: every non-space character is a token, so unsegmented text still shingles.
  assert.equal(hashes("数据清洗，很重要。", "chars").length / 2, 7);
  assert.deepEqual(hashes("数据 清洗", "chars"), hashes("数据清洗", "chars"));
});

test("bands × rows from a threshold: the FP/FN-area optimum reproduces RedPajama-V2's table at 128 hashes", () => {
  // RedPajama-Data v2 (app/src/dedupe/minhash.py): 0.7 → 14×9, 0.8 → 9×13, 0.9 → 5×25.
  assert.deepEqual(optimalBandsRows(0.7, 128), { bands: 14, rows: 9 });
  assert.deepEqual(optimalBandsRows(0.8, 128), { bands: 9, rows: 13 });
  assert.deepEqual(optimalBandsRows(0.9, 128), { bands: 5, rows: 25 });
  // FineWeb's 14 × 8 (datatrove examples/fineweb.py): 56%, 77%, 92%, 98.8%.
  const published = [0.56, 0.77, 0.92, 0.988];
  [0.7, 0.75, 0.8, 0.85].forEach((s, i) => assert.ok(Math.abs(matchProbability(s, 14, 8) - published[i]) < 0.005));
});

/** Two token sequences whose 5-shingle sets have a known Jaccard: a shared run plus private tails. */
function pair(shared: number, own: number, seed: number): { a: string; b: string; jaccard: number } {
  // Letters only: digits would be folded to "0" by the normalization.
  const name = (n: number) => n.toString(26).replace(/[0-9]/g, (d) => "qrstuvwxyz"[Number(d)]);
  const w = (p: string, n: number) => Array.from({ length: n }, (_, i) => `${p}${name(seed)}z${name(i)}`);
  const common = w("c", shared);
  const a = [...common, ...w("a", own)].join(" ");
  const b = [...common, ...w("b", own)].join(" ");
  const inter = shared - 4;
  const each = shared + own - 4;
  return { a, b, jaccard: inter / (2 * each - inter) };
}

test("signatures: agreement estimates Jaccard without bias, with binomial variance; bands match at 1 − (1 − s^r)^b", () => {
  const mh = new MinHasher(42, 112, 5);
  const tokens = new TokenHashes();
  const sig = (text: string) => {
    tokenize(text, "words", 3, 4, tokens);
    assert.ok(mh.compute(tokens));
    return mh.sig.slice();
  };
  let bias = 0;
  let sq = 0;
  let binomial = 0;
  let hits = 0;
  let expectedHits = 0;
  const trials = 600;
  for (let k = 0; k < trials; k++) {
    const { a, b, jaccard } = pair(150, 10 + (k % 60), k);
    const x = sig(a);
    const y = sig(b);
    const est = signatureAgreement(x, y);
    bias += est - jaccard;
    sq += (est - jaccard) ** 2;
    binomial += (jaccard * (1 - jaccard)) / 112;
    let hit = false;
    for (let band = 0; band < 14 && !hit; band++) hit = x.subarray(16 * band, 16 * band + 16).every((v, i) => v === y[16 * band + i]);
    if (hit) hits++;
    expectedHits += matchProbability(jaccard, 14, 8);
  }
  console.log(`minhash estimator: bias ${(bias / trials).toFixed(4)}, MSE ${(sq / trials).toFixed(5)} vs binomial ${(binomial / trials).toFixed(5)}; band hits ${hits} vs expected ${expectedHits.toFixed(1)}`);
  assert.ok(Math.abs(bias / trials) < 0.005);
  assert.ok(sq / binomial < 1.25 && sq / binomial > 0.8);
  assert.ok(Math.abs(hits - expectedHits) < 4 * Math.sqrt(expectedHits));
});

test("components: every root is its component's minimum (task, ordinal), whatever the edge order", () => {
  const e = (...v: number[]) => Uint32Array.from(v);
  const cc = new Components([e(2, 5, 2, 9), e(0, 7, 2, 9, 1, 1, 1, 3), e(1, 3, 0, 0)]);
  const root = (t: number, o: number) => cc.nodes[cc.find(cc.indexOf(t, o))];
  assert.equal(root(2, 5), 7);
  assert.equal(root(2, 9), 7);
  assert.equal(root(1, 1), 0);
  assert.equal(root(1, 3), 0);
  assert.equal(cc.indexOf(3, 0), -1);
});
