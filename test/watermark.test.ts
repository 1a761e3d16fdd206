import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import type { Doc } from "../src/core/doc.js";
import { loadEncoding } from "../src/tokenize/encoding.js";
import { WatermarkScorer, watermarkFilter } from "../src/watermark/index.js";
import { doc, runFilter } from "./filters-helpers.js";
import { SHARED_DATA, hasSharedData } from "./helpers.js";

const KEY = 15485863;
const GAMMA = 0.25;

/**
 * The green list as src/watermark/green-list.ts documents it, written again here with BigInt
 * arithmetic (no Math.imul, no shared code), for the generator and the expected z-scores.
 */
function fmix32(x: bigint): bigint {
  const M = 0xffffffffn;
  x ^= x >> 16n;
  x = (x * 0x85ebca6bn) & M;
  x ^= x >> 13n;
  x = (x * 0xc2b2ae35n) & M;
  return x ^ (x >> 16n);
}
function green(context: number, token: number, key = KEY, gamma = GAMMA): boolean {
  const M = 0xffffffffn;
  const s = fmix32((BigInt(key) + BigInt(context) * 0x9e3779b1n) & M);
  return fmix32(s ^ ((BigInt(token) * 0x85ebca77n) & M)) < BigInt(Math.floor(gamma * 2 ** 32));
}

test("green list: known answers computed in Python from the documented scheme", () => {
  // u = fmix32(fmix32(key + c·0x9E3779B1) ^ t·0x85EBCA77): 0x65dfc1de, 0xc026c984, 0x2351c4cb, 0x3b071a42, 0x1ab3c2c5; limit 0x40000000.
  assert.equal(green(0, 0), false);
  assert.equal(green(100, 200), false);
  assert.equal(green(15339, 1917), true);
  assert.equal(green(1917, 15339), true);
  assert.equal(green(1917, 1917), true);
  assert.equal(green(1917, 0), false);
});

test("z-score on a hand-built sequence, with and without repeated pairs", () => {
  // Pairs: (15339→1917) green, (1917→15339) green, (15339→1917) green again, (1917→0) red, (0→0) red.
  const ids = Uint32Array.from([15339, 1917, 15339, 1917, 0, 0]);
  const all = new WatermarkScorer({ key: KEY, gamma: GAMMA, contextWidth: 1, ignoreRepeated: false }).score(ids, ids.length);
  assert.deepEqual({ tokens: all.tokens, green: all.green }, { tokens: 5, green: 3 });
  assert.ok(Math.abs(all.z! - (3 - 1.25) / Math.sqrt(0.1875 * 5)) < 1e-12); // 1.8074
  const once = new WatermarkScorer({ key: KEY, gamma: GAMMA, contextWidth: 1, ignoreRepeated: true }).score(ids, ids.length);
  assert.deepEqual({ tokens: once.tokens, green: once.green }, { tokens: 4, green: 2 });
  assert.ok(Math.abs(once.z! - 1 / Math.sqrt(0.75)) < 1e-12); // 1.1547
  assert.equal(new WatermarkScorer({ key: KEY, gamma: GAMMA, contextWidth: 1, ignoreRepeated: true }).score(ids, 1).z, null);
  // Additive-LeftHash, width 2: contexts are sums of the two previous ids.
  const w2 = new WatermarkScorer({ key: KEY, gamma: GAMMA, contextWidth: 2, ignoreRepeated: false }).score(ids, ids.length);
  const want = [2, 3, 4, 5].filter((t) => green(ids[t - 1] + ids[t - 2], ids[t])).length;
  assert.deepEqual({ tokens: w2.tokens, green: w2.green }, { tokens: 4, green: want });
});

/** xorshift32: a seeded source for the generator. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 2 ** 32;
  };
}

test("watermark step: TPR and FPR at the default threshold on generated text (cl100k, γ 0.25, δ 2)", async () => {
  const enc = await loadEncoding("cl100k_base");
  // Vocabulary of the generator: tokens " word" (lowercase letters) that encode to themselves.
  // A sequence of them decodes to words separated by single spaces, which the cl100k split
  // regex cuts back into the same pieces, so re-tokenizing the text gives the same ids (checked
  // below for every document): the detector sees exactly the tokens the generator chose.
  const vocab: number[] = [];
  for (let id = 0; id < 100256; id++) {
    const s = enc.decode([id]);
    if (/^ [a-z]{2,12}$/.test(s)) {
      const back = enc.encodeOrdinary(s);
      if (back.length === 1 && back[0] === id) vocab.push(id);
    }
  }
  assert.ok(vocab.length > 10000, `${vocab.length} word tokens`);
  // Zipfian unigram distribution over them (rank = position by id, p ∝ 1/rank).
  const cdf = new Float64Array(vocab.length);
  let sum = 0;
  vocab.forEach((_, r) => (cdf[r] = sum += 1 / (r + 1)));
  const draw = (u: number) => {
    const x = u * sum;
    let lo = 0;
    let hi = cdf.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return vocab[lo];
  };
  const delta = 2;
  // Sampling from p(v)·e^{δ·green(prev, v)} / Z by rejection: propose from p, accept green
  // always and red with probability e^{−δ}.
  const generate = (seed: number, watermark: boolean, length = 200): number[] => {
    const rand = rng(seed);
    const ids = [draw(rand())];
    while (ids.length < length) {
      const v = draw(rand());
      if (!watermark || green(ids[ids.length - 1], v) || rand() < Math.exp(-delta)) ids.push(v);
    }
    return ids;
  };
  const expectedZ = (ids: number[]) => {
    const seen = new Set<string>();
    let t = 0;
    let g = 0;
    for (let i = 1; i < ids.length; i++) {
      const pair = `${ids[i - 1]},${ids[i]}`;
      if (seen.has(pair)) continue;
      seen.add(pair);
      t++;
      if (green(ids[i - 1], ids[i])) g++;
    }
    return (g - GAMMA * t) / Math.sqrt(GAMMA * (1 - GAMMA) * t);
  };

  const docs: Doc[] = [];
  const expected = new Map<string, number>();
  for (let i = 0; i < 400; i++) {
    const marked = i < 200;
    const ids = generate(1000 + i, marked);
    const text = enc.decode(ids);
    assert.deepEqual(enc.encodeOrdinary(text), ids, `document ${i} does not round-trip`);
    const id = `${marked ? "wm" : "plain"}-${i}`;
    expected.set(id, expectedZ(ids));
    docs.push(doc(text, id));
  }
  if (hasSharedData) {
    // Human text too: WikiText-2 paragraphs of at least 200 words.
    const wiki = readFileSync(join(SHARED_DATA, "E-webtext/wikitext-2/test.txt"), "utf8").split("\n").filter((l) => l.split(" ").length >= 200);
    wiki.slice(0, 200).forEach((t, i) => docs.push(doc(t, `human-${i}`)));
  }

  const r = await runFilter(watermarkFilter, {}, docs);
  assert.equal(r.failed.length, 0);
  const removed = new Set(r.rejected.map((x) => x.doc.id));
  for (const d of r.rejected) assert.equal(d.reason, "watermarked");
  for (const d of docs) {
    const want = expected.get(d.id);
    if (want !== undefined) assert.ok(Math.abs((d.metadata.watermark_z as number) - want) < 1e-9, `${d.id}: z ${d.metadata.watermark_z} vs ${want}`);
  }
  const rate = (prefix: string) => {
    const group = docs.filter((d) => d.id.startsWith(prefix));
    return { n: group.length, rate: group.filter((d) => removed.has(d.id)).length / group.length, meanZ: group.reduce((a, d) => a + (d.metadata.watermark_z as number), 0) / group.length };
  };
  const tpr = rate("wm-");
  const fpr = rate("plain-");
  const human = rate("human-");
  console.log(`TPR ${tpr.rate} (mean z ${tpr.meanZ.toFixed(2)}), FPR generated ${fpr.rate} (mean z ${fpr.meanZ.toFixed(2)}), FPR WikiText ${human.rate} over ${human.n} (mean z ${human.meanZ.toFixed(2)})`);
  assert.ok(tpr.rate >= 0.98, `TPR ${tpr.rate}`);
  assert.ok(fpr.rate <= 0.01, `FPR ${fpr.rate}`);
  if (human.n > 0) assert.ok(human.rate <= 0.01, `human FPR ${human.rate}`);
  // Unwatermarked z-scores follow the null: mean near 0.
  assert.ok(Math.abs(fpr.meanZ) < 0.3, `null mean z ${fpr.meanZ}`);

  // Another key sees no watermark; annotate mode keeps everything and marks the decision.
  const other = await runFilter(watermarkFilter, { key: 42 }, docs.slice(0, 200).map((d) => doc(d.text, d.id)));
  assert.ok(other.rejected.length <= 2, `${other.rejected.length} detected under a wrong key`);
  const annotated = await runFilter(watermarkFilter, { annotate: true }, docs.slice(0, 10).map((d) => doc(d.text, d.id)));
  assert.equal(annotated.kept.length, 10);
  for (const d of annotated.kept) {
    const z = d.metadata.watermark_z as number;
    assert.equal((d.metadata.watermark as { drop: string | null }).drop, z >= 4 ? "watermarked" : null);
  }
});

test("watermark step: short documents are scored but not decided; config errors name the key", async () => {
  const r = await runFilter(watermarkFilter, { min_tokens: 16 }, [doc("", "empty"), doc("a few words only", "short")]);
  assert.equal(r.kept.length, 2);
  assert.equal(r.kept[0].metadata.watermark_z, null);
  assert.equal(r.kept[1].metadata.watermark_tokens, 3);
  assert.throws(() => watermarkFilter.schema.parse({ gamma: 1 }), /gamma/);
  assert.throws(() => watermarkFilter.schema.parse({ encoding: "cl100k_base", tokenizer: "t.json" }), /not both/);
});
