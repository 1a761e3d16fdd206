import assert from "node:assert/strict";
import { test } from "node:test";
import { loadEncoding, openAiPieceEncoder } from "../src/tokenize/encoding.js";
import { PieceEncoder } from "../src/tokenize/piece-encoder.js";
import { TokenList } from "../src/tokenize/token-list.js";
import { hasSharedData } from "./helpers.js";
import { webText } from "./tokenize-helpers.js";

const TRICKY = [
  "Text with <|endoftext|> inside and <|fim_prefix|>, <|im_start|> too.",
  "Emoji 👩‍👩‍👧‍👦 🇫🇷 and CJK 漢字かな交じり文 한국어 and Ελληνικά.",
  "Spaces   before\n\n\n  newline\t\ttabs \r\n and numbers 1234567 and it's they'LL",
  "lone surrogate \ud800 end",
  "",
];

function cached(enc: PieceEncoder, text: string): number[] {
  const out = new TokenList();
  enc.encode(text, out);
  return Array.from(out.view());
}

test("cl100k_base: known ids and EOS (tiktoken)", async () => {
  const enc = await loadEncoding("cl100k_base");
  const pe = new PieceEncoder(enc);
  assert.deepEqual(cached(pe, "hello world"), [15339, 1917]);
  assert.equal(enc.eos, 100257);
  assert.equal(enc.maxId, 100276);
});

test("o200k_base: EOS id (tiktoken)", async () => {
  const enc = await loadEncoding("o200k_base");
  assert.equal(enc.eos, 199999);
});

test("special-token strings in text are ordinary text", async () => {
  for (const name of ["cl100k_base", "o200k_base"] as const) {
    const enc = await loadEncoding(name);
    const ids = cached(await openAiPieceEncoder(name), "a <|endoftext|> b");
    assert.ok(!ids.includes(enc.eos), name);
    assert.equal(enc.decode(ids), "a <|endoftext|> b");
  }
});

test("cached ids equal the library's, tricky strings and real text, both encodings", { skip: !hasSharedData && "no shared data" }, async () => {
  const texts = [...TRICKY, ...webText(1.5e6)];
  for (const name of ["cl100k_base", "o200k_base"] as const) {
    const enc = await loadEncoding(name);
    // A tiny cache is emptied constantly: exactness must not depend on what it holds. The step's
    // encoder (vocabulary table, then our merge for misses) never calls the library at all.
    for (const pe of [new PieceEncoder(enc), new PieceEncoder(enc, 16), await openAiPieceEncoder(name, 16)]) {
      let tokens = 0;
      for (const text of texts) {
        const ids = cached(pe, text);
        assert.deepEqual(ids, enc.encodeOrdinary(text), `${name}: ${text.slice(0, 60)}`);
        tokens += ids.length;
      }
      assert.ok(tokens > 100_000);
    }
  }
});

test("decode(encode(x)) === x on real text with emoji, CJK and special-looking strings", { skip: !hasSharedData && "no shared data" }, async () => {
  const texts = [...TRICKY.filter((t) => !t.includes("\ud800")), ...webText(5e5)];
  for (const name of ["cl100k_base", "o200k_base"] as const) {
    const enc = await loadEncoding(name);
    const pe = new PieceEncoder(enc);
    for (const text of texts) assert.equal(enc.decode(cached(pe, text)), text);
  }
});
