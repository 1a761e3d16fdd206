import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { badWords } from "../src/filters/bad-words.js";
import { WordListMatcher } from "../src/filters/word-list.js";
import { doc, runFilter } from "./filters-helpers.js";
import { tmpDir } from "./helpers.js";

const filler = (n: number) => Array.from({ length: n }, (_, i) => `word${i % 7}`).join(" ");

async function verdict(text: string, metadata: Record<string, unknown> = {}, options: object = {}) {
  const run = await runFilter(badWords, options, [doc(text, "d", metadata)]);
  assert.deepEqual(run.failed, []);
  return run.rejected[0];
}

describe("word list matcher", () => {
  it("segmented: whole words and phrases, at whitespace and punctuation", () => {
    const m = new WordListMatcher(["anal", "2 girls 1 cup", "s&m", "🖕"], true);
    assert.deepEqual(m.measure("analysis of anal.", false), { units: 3, covered: 1, first: "anal" });
    assert.deepEqual(m.measure("the 2 girls 1 cup video", false), { units: 6, covered: 4, first: "2 girls 1 cup" });
    assert.deepEqual(m.measure("2 girls 1 mug", false), { units: 4, covered: 0, first: undefined });
    assert.equal(m.measure("into s&m, too", false).covered, 2);
  });

  it("unsegmented: substrings, covered characters as the union of matches", () => {
    const m = new WordListMatcher(["ab", "bc", "abcd", "x"], false);
    // "abcd" covers 4, "x" 1; overlapping "ab"/"bc" inside are not counted twice.
    assert.deepEqual(m.measure("zabcdz x", false), { units: 7, covered: 5, first: "ab" });
    assert.deepEqual(m.measure("ab bc", false), { units: 4, covered: 4, first: "ab" });
    assert.equal(m.measure("abab", true).covered, 2); // stops at the first match
  });
});

describe("bad_words", () => {
  it("default: drops when more than 4.5% of words are on the language's list", async () => {
    const four = `${filler(96)} anal bastard anal bastard`; // 4 / 100 = 4%
    const five = `${filler(95)} anal bastard anal bastard anal`; // 5 / 100 = 5%
    assert.equal(await verdict(four, { lang: "en" }), undefined);
    const r = await verdict(five, { lang: "en" });
    assert.equal(r.reason, "bad_words_ratio");
    assert.equal(r.value, 0.05);
  });

  it("any: true drops at the first listed word (C4's rule), and only whole words", async () => {
    assert.equal((await verdict(`${filler(500)} bastard`, { lang: "en" }, { any: true })).value, "bastard");
    assert.equal(await verdict("an analysis of canals", { lang: "en" }, { any: true }), undefined);
  });

  it("language from metadata (primary subtag too), fallback for missing or unknown languages", async () => {
    const pt = "aborto ânus";
    assert.equal((await verdict(pt, { lang: "pt-BR" })).reason, "bad_words_ratio");
    assert.equal(await verdict(pt, { lang: "en" }), undefined); // not on the English list
    assert.equal((await verdict("bastard", {})).reason, "bad_words_ratio"); // no lang → en
    assert.equal((await verdict("bastard", { lang: "xx" })).reason, "bad_words_ratio");
    assert.equal(await verdict("bastard", { lang: "xx" }, { fallback_language: null }), undefined);
    assert.equal((await verdict("arsch", { language: "de" }, { lang_key: "language" })).reason, "bad_words_ratio");
  });

  it("zh/ja/th: substring matching over non-space characters; datatrove's allowlist applies", async () => {
    const zh = "这是一个关于三级片的网站"; // 3 of 12 characters
    const r = await verdict(zh, { lang: "zh" });
    assert.equal(r.reason, "bad_words_ratio");
    assert.equal(r.value, 3 / 12);
    assert.equal(await verdict("性别平等是一个重要的社会议题和研究领域", { lang: "zh" }), undefined); // 性 is allowlisted
    assert.equal(await verdict("small smiles", { lang: "ja" }, { any: true }), undefined); // "sm" is allowlisted in ja
  });

  it("custom lists folder", async () => {
    const dir = tmpDir("winnow-badwords-");
    writeFileSync(join(dir, "en"), "zucchini\n");
    assert.equal((await verdict("zucchini soup", { lang: "en" }, { lists_dir: dir, any: true })).value, "zucchini");
    assert.equal(await verdict("bastard", { lang: "en" }, { lists_dir: dir, any: true }), undefined);
  });

  it("annotate mode records the measures and keeps the page", async () => {
    const run = await runFilter(badWords, { annotate: true }, [doc("bastard words here", "d", { lang: "en" })]);
    assert.equal(run.kept.length, 1);
    assert.deepEqual(run.kept[0].metadata.bad_words, {
      lang: "en",
      units: 3,
      bad: 1,
      ratio: 1 / 3,
      first: "bastard",
      drop: "bad_words_ratio",
    });
  });
});
