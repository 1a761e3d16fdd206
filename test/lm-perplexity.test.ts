/**
 * The ARPA reader and backoff scorer on a hand-made bigram model (scores worked out by hand),
 * and the `perplexity` step through a fake StepContext: metadata, buckets, reasons, speed.
 */
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import type { Doc } from "../src/core/doc.js";
import type { StepContext } from "../src/core/step.js";
import { lmSteps, lmWords, perplexity, perplexityFilter, readArpa } from "../src/lm/index.js";
import { makeText, tmpDir } from "./helpers.js";

const ARPA = `\\data\\
ngram 1=5
ngram 2=3

\\1-grams:
-1.0\t<s>\t-0.5
-0.7\t</s>
-0.6\ta\t-0.3
-0.8\tb\t-0.2
-1.5\t<unk>

\\2-grams:
-0.2 <s> a
-0.4 a b
-0.3 b </s>

\\end\\
`;

const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-6, `${a} ≠ ${b}`);

test("lm: ARPA backoff scores, unknown words, perplexity over words + </s>", async () => {
  const path = join(tmpDir("winnow-lm-"), "toy.arpa");
  writeFileSync(path, ARPA);
  const model = await readArpa(path);
  assert.equal(model.order, 2);
  // <s> a b </s>: every bigram present.
  const ab = model.score(["a", "b"]);
  close(ab.log10Prob, -0.2 - 0.4 - 0.3);
  assert.deepEqual([ab.tokens, ab.oov], [3, 0]);
  // <s> b a zz </s>: bow(<s>) + p(b); bow(b) + p(a); bow(a) + p(<unk>); bow(<unk>) = 0, + p(</s>).
  const bz = model.score(["b", "a", "zz"]);
  close(bz.log10Prob, -0.5 - 0.8 + (-0.2 - 0.6) + (-0.3 - 1.5) - 0.7);
  assert.deepEqual([bz.tokens, bz.oov], [4, 1]);
  close(model.score(["zz"], 7).log10Prob, -0.5 - 1.5 - 0.7 - 7); // an OOV penalty, as IRSTLM's
  close(perplexity(ab.log10Prob, ab.tokens), 10 ** (0.9 / 3));
  assert.deepEqual(lmWords("Don't STOP!\tÉté 2024…"), ["don", "'", "t", "stop", "!", "été", "2024", "…"]);

  writeFileSync(path, ARPA.replace("ngram 2=3", "ngram 2=4"));
  await assert.rejects(readArpa(path), /4 2-grams declared, 3 found/);
});

async function run(options: Record<string, unknown>, docs: Doc[]) {
  const rejected: { doc: Doc; reason: string; value?: unknown }[] = [];
  const observed: number[] = [];
  const ctx: StepContext = {
    step: "perplexity",
    task: 0,
    seed: 42,
    signal: new AbortController().signal,
    count: () => {},
    observe: (_m, v) => void observed.push(v),
    reject: (doc, reason, value) => void rejected.push({ doc, reason, value }),
    fail: (_doc, err) => {
      throw err;
    },
    io: undefined as unknown as StepContext["io"], // filters write no files
  };
  const runtime = await perplexityFilter.create(perplexityFilter.schema.parse(options), ctx);
  const kept = await runtime.process(docs);
  return { kept, rejected, observed };
}

test("lm: perplexity step writes perplexity and CCNet bucket, drops above max_perplexity", async () => {
  assert.deepEqual(lmSteps, [perplexityFilter]);
  const path = join(tmpDir("winnow-lm-"), "toy.arpa");
  writeFileSync(path, ARPA);
  const doc = (id: string, text: string, lang?: string): Doc => ({ id, text, metadata: lang ? { lang } : {} });
  // "A B\n\nb a zz": lines scored separately, as CCNet does; Σ over both, N = 3 + 4.
  const both = 10 ** ((0.9 + 4.6) / 7);
  const r = await run({ model: path, per_line: true, buckets: { en: [2, 7], de: [1, 1.5] } }, [doc("x", "A B\n\nb a zz", "en"), doc("y", "a b", "de"), doc("e", "", "en")]);
  assert.equal(r.kept.length, 3);
  close(r.kept[0].metadata.perplexity as number, both);
  assert.equal(r.kept[0].metadata.ppl_bucket, "middle");
  const lines = r.kept[0].metadata.line_perplexity as (number | null)[];
  assert.equal(lines[1], null);
  close(lines[2]!, 10 ** (4.6 / 4));
  assert.equal(r.kept[1].metadata.ppl_bucket, "tail"); // 10^0.3 ≈ 2.0 ≥ 1.5
  assert.deepEqual([r.kept[2].metadata.perplexity, r.kept[2].metadata.ppl_bucket], [null, null]);
  assert.equal(r.observed.length, 2, "empty documents have no perplexity to observe");

  const noLang = await run({ model: path, max_perplexity: 3 }, [doc("x", "A B\n\nb a zz"), doc("y", "a b")]);
  assert.deepEqual(noLang.kept.map((d) => [d.id, d.metadata.ppl_bucket]), [["y", null]]);
  assert.deepEqual(noLang.rejected.map((x) => x.reason), ["too_perplexing"]);
  close(noLang.rejected[0].value as number, both);
  assert.throws(() => perplexityFilter.schema.parse({ model: path, extra: 1 }));
});

test("lm: perplexity scoring speed", async () => {
  const dir = tmpDir("winnow-lm-");
  writeFileSync(join(dir, "toy.arpa"), ARPA);
  const docs: Doc[] = [];
  for (let i = 0; i < 400; i++) docs.push({ id: String(i), text: makeText(i, 2500).replace(/((?:\S+ ){25})/g, "$1\n"), metadata: { lang: "en" } });
  const bytes = docs.reduce((n, d) => n + Buffer.byteLength(d.text), 0);
  const t0 = performance.now();
  await run({ model: join(dir, "toy.arpa") }, docs);
  const s = (performance.now() - t0) / 1000;
  console.log(`lm-perplexity: ${(bytes / 1e6).toFixed(1)} MB in ${s.toFixed(2)} s = ${(bytes / 1e6 / s).toFixed(1)} MB/s (toy model: every word <unk>)`);
});
