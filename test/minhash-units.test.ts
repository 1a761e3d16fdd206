import assert from "node:assert/strict";
import { test } from "node:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { matchProbability, optimalBandsRows } from "../src/dedup/minhash/lsh-params.js";
import { MinHasher, signatureAgreement } from "../src/dedup/minhash/signature.js";
import { TokenHashes, tokenize } from "../src/dedup/minhash/tokens.js";
import { SKETCH_SIZE, sketchInto, sketchJaccard, verificationBound } from "../src/dedup/minhash/verify.js";
import { componentLabels } from "../src/dedup/minhash/external-components.js";
import { RecordReader } from "../src/dedup/minhash/record-files.js";
import { tmpDir } from "./helpers.js";

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

test("sketches estimate the Jaccard of shingles with numbers kept, without bias and within binomial variance; folded, those pages agree fully", () => {
  const mh = new MinHasher(42, 112, 5);
  const tokens = new TokenHashes();
  const sketch = (text: string) => {
    tokenize(text, "words", 3, 4, tokens);
    assert.ok(mh.compute(tokens));
    const folded = mh.sig.slice();
    const out = new Float64Array(SKETCH_SIZE);
    sketchInto(mh, tokens.numbered > 0 ? mh.hashShingles(tokens.kept()) : mh.shingleCount, out);
    return { folded, out };
  };
  // Pairs as in pair(), but each page's own words are numbers: folded, the two pages are equal.
  const trials = 400;
  let bias = 0;
  let sq = 0;
  let binomial = 0;
  for (let k = 0; k < trials; k++) {
    const shared = 150 + (k % 7) * 40;
    const own = 10 + (k % 60);
    const common = Array.from({ length: shared }, (_, i) => `w${k}x${i}`.replace(/[0-9]/g, (d) => "qrstuvwxyz"[Number(d)]));
    const a = sketch([...common, ...Array.from({ length: own }, (_, i) => `${1000 + 2 * i}.${k}`)].join(" "));
    const b = sketch([...common, ...Array.from({ length: own }, (_, i) => `${1001 + 2 * i}.${k}`)].join(" "));
    const inter = shared - 4;
    const jaccard = inter / (2 * (shared + own - 4) - inter);
    assert.equal(signatureAgreement(a.folded, b.folded), 1);
    const est = sketchJaccard(a.out, b.out);
    bias += est - jaccard;
    sq += (est - jaccard) ** 2;
    binomial += (jaccard * (1 - jaccard)) / SKETCH_SIZE;
  }
  console.log(`sketch estimator: bias ${(bias / trials).toFixed(4)}, MSE ${(sq / trials).toFixed(5)} vs binomial ${(binomial / trials).toFixed(5)}`);
  assert.ok(Math.abs(bias / trials) < 0.005);
  assert.ok(sq / binomial < 1.25);
  // Few shingles, each in a bin of its own here: the estimate is the exact Jaccard.
  const x = sketch("one two three four five six seven");
  const y = sketch("one two three four five six eight");
  assert.equal(sketchJaccard(x.out, y.out), 2 / 4);
  assert.equal(sketchJaccard(sketch("patch 7.3.825 fixes it").out, sketch("patch 7.4.1721 fixes it").out), 0);
  // The bound refuses only pairs 3 standard errors below the threshold.
  assert.ok(Math.abs(verificationBound(0.72, 128) - (0.72 - 3 * Math.sqrt((0.72 * 0.28) / 128))) < 1e-12);
  assert.equal(verificationBound(0.72, undefined), 0.72);
});

test("numbers kept: tokens equal the folded ones without digits, differ by run structure with them", () => {
  const kept = (text: string) => {
    const t = new TokenHashes();
    tokenize(text, "words", 1, 2, t);
    return [...t.kept().lo.subarray(0, t.count)];
  };
  const folded = (text: string) => hashes(text).slice(0, hashes(text).length / 2);
  assert.deepEqual(kept("plain words here"), folded("plain words here"));
  assert.notDeepEqual(kept("a1b22"), kept("a12b2"));
  assert.deepEqual(folded("a1b22"), folded("a12b2"));
  assert.deepEqual(kept("v1,000 x"), kept("v1000 x"));
  assert.notDeepEqual(kept("v1000 x"), kept("v1001 x"));
  assert.equal(kept("v1000 x")[1], kept("v1001 x")[1]);
  // Characters: the digit run is one "0" token, its kept twin carries the run.
  const t = new TokenHashes();
  tokenize("ab12c", "chars", 1, 2, t);
  const u = new TokenHashes();
  tokenize("ab13c", "chars", 1, 2, u);
  assert.equal(t.count, 4);
  assert.deepEqual([...t.lo.subarray(0, 4)], [...u.lo.subarray(0, 4)]);
  assert.deepEqual([t.keptLo[0], t.keptLo[1], t.keptLo[3]], [u.keptLo[0], u.keptLo[1], u.keptLo[3]]);
  assert.notEqual(t.keptLo[2], u.keptLo[2]);
});

/** Independent reference: components by breadth-first search over an adjacency map; label = smallest node key. */
function bfsLabels(edges: [number, number][]): Map<number, number> {
  const adj = new Map<number, number[]>();
  for (const [a, b] of edges) {
    adj.set(a, [...(adj.get(a) ?? []), b]);
    adj.set(b, [...(adj.get(b) ?? []), a]);
  }
  const label = new Map<number, number>();
  for (const start of adj.keys()) {
    if (label.has(start)) continue;
    const comp = [start];
    const seen = new Set(comp);
    for (let i = 0; i < comp.length; i++) for (const n of adj.get(comp[i])!) if (!seen.has(n)) seen.add(n), comp.push(n);
    const min = Math.min(...comp);
    for (const n of comp) label.set(n, min);
  }
  return label;
}

test("external components equal breadth-first components (long chains, many clusters, spilled sorts, edges split over files)", () => {
  const dir = tmpDir();
  let x = 12345;
  const rand = (n: number) => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) % n;
  };
  // Nodes are (task, ordinal) = (key >> 12, key & 4095). Chains of up to 60 nodes in shuffled order force many rounds.
  const edges: [number, number][] = [];
  for (let c = 0; c < 400; c++) {
    const len = 2 + rand(c % 10 === 0 ? 60 : 5);
    const nodes = Array.from({ length: len }, () => rand(6) * 4096 + rand(4096));
    for (let i = 1; i < len; i++) if (nodes[i] !== nodes[i - 1]) edges.push([nodes[i - 1], nodes[i]]);
  }
  const files = [0, 1, 2].map((f) => {
    const mine = edges.filter((_, i) => i % 3 === f);
    const words = new Uint32Array(mine.length * 4);
    mine.forEach(([a, b], i) => words.set([a >> 12, a & 4095, b >> 12, b & 4095], 4 * i));
    const path = join(dir, `e${f}`);
    writeFileSync(path, words);
    return path;
  });
  const want = bfsLabels(edges);
  const result = componentLabels(files, join(dir, "cc"), 8000); // 400 records per sorted run
  const r = new RecordReader(result.path, 4);
  const got = new Map<number, number>();
  const keys: number[] = [];
  while (r.next()) {
    const node = r.rec[r.at] * 4096 + r.rec[r.at + 1];
    keys.push(node);
    got.set(node, r.rec[r.at + 2] * 4096 + r.rec[r.at + 3]);
  }
  r.close();
  console.log(`external components: ${want.size} nodes, ${new Set(want.values()).size} components, ${result.rounds} rounds`);
  assert.deepEqual(keys, [...keys].sort((a, b) => a - b));
  assert.equal(result.nodes, want.size);
  assert.deepEqual(new Map([...got].sort((a, b) => a[0] - b[0])), new Map([...want].sort((a, b) => a[0] - b[0])));
  assert.ok(result.rounds > 2);
});
