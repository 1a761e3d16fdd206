/**
 * The perplexity step's fast path (`TextScorer`: words hashed straight from the text, no
 * string per word, backoffs carried in the scoring state) gives exactly what the plain path
 * gives (`lmWords` per line, `NgramModel.score` per sentence), on text full of the cases a
 * code-unit scanner can get wrong: case mappings that change length or depend on context,
 * combining marks, astral letters and symbols, lone surrogates, CR/LF, tabs, empty lines.
 */
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { readArpa } from "../src/lm/arpa.js";
import { TextScorer } from "../src/lm/text-scorer.js";
import { lmWords } from "../src/lm/tokenize.js";
import { cli, makeText, tmpDir } from "./helpers.js";

const TRICKY = [
  "ΟΔΟΣ Σ σ ς — İstanbul ǅemal ß ẞ ﬁne",
  "e\u0301te\u0301 \u0301alone café CAFÉ",
  "𝐀𝐁𝐂 math 𝟙𝟚 😀😀 emoji 🇫🇷 flag",
  "lone \ud800 high and \udc00 low surrogates",
  "tabs\tand\r\nwindows\r\nlines\u00a0nbsp\u2028sep",
  "",
  "   ",
  "don't STOP! 3.14 x² ½ ٣ 漢字かなカナ",
];

test("lm: TextScorer equals lmWords + NgramModel.score, line by line, on tricky Unicode", async () => {
  const dir = tmpDir("winnow-lm-speed-");
  // A model that knows most of these words, so ids (not only <unk>) are exercised.
  const train = join(dir, "train.txt");
  writeFileSync(train, [...TRICKY, ...TRICKY.map((l) => l.split("").reverse().join("")), makeText(5, 3000)].join("\n"));
  assert.equal(cli(["train", "lm", train, "-o", join(dir, "m.arpa"), "-n", "4"]).status, 0);
  const model = await readArpa(join(dir, "m.arpa"));
  const scorer = new TextScorer(model);
  const docs = [TRICKY.join("\n"), TRICKY.slice().reverse().join("\n") + "\n", makeText(9, 2000) + "\n\nzzz unknown words", "", "\n\n"];
  for (const doc of docs) {
    const expected: [number, number][] = doc.split("\n").map((line) => {
      const words = lmWords(line);
      return words.length === 0 ? [0, 0] : [model.score(words).log10Prob, words.length + 1];
    });
    const got: [number, number][] = [];
    const total = scorer.score(doc, (lp, n) => got.push([lp, n]));
    assert.equal(got.length, expected.length, "one callback per line");
    got.forEach(([lp, n], i) => {
      assert.equal(n, expected[i][1], `line ${i} token count: ${JSON.stringify(doc.split("\n")[i])}`);
      assert.ok(Math.abs(lp - expected[i][0]) < 1e-9, `line ${i}: ${lp} vs ${expected[i][0]}`);
    });
    assert.equal(total.tokens, expected.reduce((a, [, n]) => a + n, 0));
    const words = doc.split("\n").flatMap((l) => lmWords(l));
    assert.equal(total.oov, words.filter((w) => !model.ids.has(w)).length, "OOV count");
  }
});
