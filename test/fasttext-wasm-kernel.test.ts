import assert from "node:assert/strict";
import { test } from "node:test";
import { DenseMatrix } from "../src/models/fasttext/dense-matrix.js";
import { WordNgramHash } from "../src/models/fasttext/hash.js";
import { WasmNgramBuckets } from "../src/models/fasttext/wasm-kernel.js";

/** Deterministic pseudo-random numbers (LCG), so that a failure reproduces. */
function generator(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

/** out += each row in order, one float32 rounding per addition, as fastText's `addRowToVector`. */
function referenceSum(data: Float32Array, cols: number, ids: Int32Array, n: number): Float32Array {
  const out = new Float32Array(cols);
  for (let r = 0; r < n; r++) for (let j = 0; j < cols; j++) out[j] = Math.fround(out[j] + data[ids[r] * cols + j]);
  return out;
}

test("row sums in WebAssembly equal float32 sums in order, to the bit, for every width", () => {
  const rnd = generator(7);
  // Widths that are and are not multiples of the four SIMD lanes.
  for (const cols of [1, 3, 4, 9, 10, 16, 100]) {
    const rows = 500;
    const data = new Float32Array(rows * cols).map(() => Math.fround((rnd() - 0.5) * 10 ** Math.floor(rnd() * 6 - 3)));
    const wasm = new DenseMatrix(rows, cols, data.slice());
    const js = new DenseMatrix(rows, cols, data.slice(), false);
    // Lists long enough to grow the kernel's id buffer, with repeated rows.
    for (const n of [0, 1, 7, 5000, 100_000]) {
      const ids = new Int32Array(n).map(() => Math.floor(rnd() * rows));
      const expected = referenceSum(data, cols, ids, n);
      for (const m of [wasm, js]) {
        const out = new Float32Array(cols);
        m.sumRows(ids, n, out);
        assert.deepEqual(out, expected, `cols ${cols}, ${n} rows`);
      }
    }
    // The matrix moved into wasm memory (which grew meanwhile) still answers dot products.
    const vec = new Float32Array(cols).map(() => Math.fround(rnd() - 0.5));
    for (let i = 0; i < rows; i += 37) assert.equal(wasm.dotRow(vec, i), js.dotRow(vec, i));
  }
});

test("word n-gram buckets in WebAssembly equal the 64-bit emulation in JavaScript", () => {
  const kernel = WasmNgramBuckets.create();
  assert.ok(kernel, "Node ≥ 20 has WebAssembly SIMD");
  const rnd = generator(11);
  const ngram = new WordNgramHash();
  for (const bucket of [1, 200_000, 2_000_000, 2 ** 31 - 1]) {
    for (const maxLen of [2, 3, 5]) {
      for (const n of [0, 1, 2, 50, 20_000]) {
        const hashes = new Int32Array(n).map(() => (rnd() * 2 ** 32) | 0);
        const expected: number[] = [];
        for (let i = 0; i < n; i++) {
          ngram.start(hashes[i]);
          for (let j = i + 1; j < n && j < i + maxLen; j++) {
            ngram.extend(hashes[j]);
            expected.push(1000 + ngram.mod(bucket));
          }
        }
        const out = new Int32Array(3 + n * maxLen);
        const end = kernel.buckets(hashes, n, maxLen, bucket, 1000, out, 3);
        assert.equal(end - 3, expected.length);
        assert.deepEqual(Array.from(out.subarray(3, end)), expected, `bucket ${bucket}, n-grams up to ${maxLen}, ${n} tokens`);
      }
    }
  }
});
