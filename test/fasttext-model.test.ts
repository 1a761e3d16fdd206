/**
 * The fastText engine without the fastText binary: hashes against BigInt references, the
 * shipped lid.176.ftz against predictions recorded from `fasttext predict-prob` 0.9.2, and
 * clear errors for files that are not models.
 */
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { test } from "node:test";
import { fnv1a, WordNgramHash } from "../src/models/fasttext/hash.js";
import { FastTextModel } from "../src/models/fasttext/index.js";
import { tmpDir } from "./helpers.js";

const LID176 = createRequire(import.meta.url).resolve("fasttext.wasm.js/dist/models/language-identification/assets/lid.176.ftz");

function bytesOf(seed: number, n: number): Uint8Array {
  let x = seed;
  return Uint8Array.from({ length: n }, () => (x = (Math.imul(x, 1103515245) + 12345) >>> 0) >>> 24);
}

test("FNV-1a sign-extends bytes ≥ 0x80, as fastText's int8_t cast does", () => {
  for (let seed = 1; seed < 200; seed++) {
    const bytes = bytesOf(seed, seed % 13);
    let h = 2166136261n;
    for (const b of bytes) h = ((h ^ BigInt.asUintN(32, BigInt(b < 128 ? b : b - 256))) * 16777619n) % 2n ** 32n;
    assert.equal(fnv1a(bytes, 0, bytes.length) >>> 0, Number(h));
  }
});

test("word n-gram hashes: 64-bit arithmetic on sign-extended int32 hashes, mod bucket", () => {
  const ngram = new WordNgramHash();
  for (let seed = 1; seed < 300; seed++) {
    const hashes = Array.from({ length: 2 + (seed % 4) }, (_, i) => fnv1a(bytesOf(seed * 7 + i, 5), 0, 5));
    const bucket = [2000000, 49999, 1, 2147483647][seed % 4];
    let ref = BigInt.asUintN(64, BigInt(hashes[0]));
    ngram.start(hashes[0]);
    for (const h of hashes.slice(1)) {
      ref = BigInt.asUintN(64, ref * 116049371n + BigInt.asUintN(64, BigInt(h)));
      ngram.extend(h);
      assert.equal(ngram.mod(bucket), Number(ref % BigInt(bucket)));
    }
  }
});

test("lid.176.ftz loads fast and predicts what fasttext predict-prob printed", (t) => {
  const started = performance.now();
  const lid = FastTextModel.loadSync(LID176);
  const ms = performance.now() - started;
  t.diagnostic(`lid.176.ftz loaded in ${ms.toFixed(0)} ms`);
  assert.ok(ms < 1000);
  assert.equal(lid.labels.length, 176);
  // `fasttext predict-prob lid.176.ftz - 2`; one label where the second is below 1e-5.
  const expected: [string, [string, number][]][] = [
    ["Das ist ein Satz.", [["__label__de", 1.00003]]],
    ["This is an English sentence.", [["__label__en", 0.926438], ["__label__es", 0.00559075]]],
    ["日本語の文章です", [["__label__ja", 0.999654], ["__label__zh", 0.000230033]]],
    ["Это предложение на русском языке.", [["__label__ru", 0.986854], ["__label__hy", 0.00456783]]],
    ["", [["__label__en", 0.124504], ["__label__ca", 0.0859483]]],
  ];
  for (const [text, labels] of expected) {
    const got = lid.predict(text, 2);
    assert.deepEqual(got.map((p) => p.label), labels.map(([l]) => l), text);
    got.forEach((p, i) => assert.ok(Math.abs(p.probability - labels[i][1]) < 5e-6, `${text}: ${p.probability}`));
  }
  assert.deepEqual(lid.predict("This is an English sentence.", -1, 0.005).map((p) => p.label), ["__label__en", "__label__es", "__label__pt"]);
  assert.throws(() => lid.predict("x", 0), RangeError);
});

test("files that are not fastText models fail with the path and the reason", () => {
  const dir = tmpDir();
  const lid = readFileSync(LID176);
  const cases: [string, Uint8Array, RegExp][] = [
    ["empty.bin", new Uint8Array(0), /unexpected end of file/],
    ["magic.bin", Buffer.from("not a model at all"), /bad magic number/],
    ["truncated.ftz", lid.subarray(0, lid.length - 100), /unexpected end of file/],
    ["trailing.ftz", Buffer.concat([lid, Buffer.from([0])]), /trailing bytes/],
  ];
  for (const [name, bytes, reason] of cases) {
    const path = join(dir, name);
    writeFileSync(path, bytes);
    assert.throws(() => FastTextModel.loadSync(path), (err: Error) => err.message.includes(path) && reason.test(err.message));
  }
});
