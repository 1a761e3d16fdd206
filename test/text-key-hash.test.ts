import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { test } from "node:test";
import { normalizeText } from "../src/dedup/normalize.js";
import { textKeyHash } from "../src/dedup/text-key-hash.js";

/** Pieces whose normalization is per character, expands, composes across characters, or depends on context. */
const PIECES = [
  "The quick", " brown\tfox", "\n\n", "  ", "ÉCOLE", "école", "e\u0301cole", "Ｆｕｌｌ", "…", "™", "½", "ﬁne",
  "\u00a0", "\u3000", "ΟΔΟΣ", "σ", "İstanbul", "한국어", "\u1100\u1161\u11a8", "😀", "𝐀𝐁", "Straße", "\ufdfa", "\u00b4", "x\u0308",
];

test("textKeyHash is sha256 of normalizeText's UTF-8 for every option set, on texts mixing fast-path and fallback characters", () => {
  let x = 12345;
  const rand = () => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0) >>> 8) / (1 << 24);
  for (const n of [
    { lowercase: true, collapse_whitespace: true, nfkc: true },
    { lowercase: false, collapse_whitespace: true, nfkc: true },
    { lowercase: true, collapse_whitespace: false, nfkc: false },
    { lowercase: false, collapse_whitespace: false, nfkc: true },
  ]) {
    for (let k = 0; k < 3000; k++) {
      let text = "";
      const parts = 1 + Math.floor(rand() * 8);
      for (let p = 0; p < parts; p++) text += PIECES[Math.floor(rand() * (k < 1500 ? 6 : PIECES.length))];
      const want = createHash("sha256").update(normalizeText(text, n)).digest("hex");
      assert.equal(textKeyHash(text, n).toString("hex"), want, JSON.stringify({ text, n }));
    }
    assert.equal(textKeyHash("", n).toString("hex"), createHash("sha256").update("").digest("hex"));
    // Long texts grow the scratch buffer; expansions near the end need room beyond 3 bytes per unit.
    const long = "Ab …".repeat(50_000) + "\ufdfa".repeat(10);
    assert.equal(textKeyHash(long, n).toString("hex"), createHash("sha256").update(normalizeText(long, n)).digest("hex"));
  }
});
