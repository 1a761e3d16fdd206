import assert from "node:assert/strict";
import { test } from "node:test";
import { grown } from "../src/core/grown.js";

test("grown copies a typed array into one of the same type, doubled until it holds the minimum", () => {
  const a = Int32Array.from([1, -2, 3]);
  const b = grown(a);
  assert.ok(b instanceof Int32Array);
  assert.equal(b.length, 6);
  assert.deepEqual([...b], [1, -2, 3, 0, 0, 0]);
  assert.equal(grown(new Uint16Array(4), 33).length, 64);
  assert.equal(grown(new Uint8Array(0)).length, 1);
});
