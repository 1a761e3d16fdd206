/** Each quality filter on small hand-written documents whose decisions were worked out by hand. */
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import type { StepDef } from "../src/core/step.js";
import {
  c4BadWords, c4Paragraph, c4Quality, finewebQuality, gopherQuality, gopherRepetition, qualityFilters, refinedwebLines,
} from "../src/filters/index.js";
import { doc, reasonFor, runFilter } from "./filters-helpers.js";

const step = (s: unknown): StepDef => s as StepDef;

// 13 tokens, 12 of them words (mean length 40/12), stop words the/and/with/of.
const SENTENCE = "The cat and the dog sat with the owner of the house.";
const PAGE = Array(5).fill(SENTENCE).join(" ");

test("the index lists every quality filter once", () => {
  assert.deepEqual(
    qualityFilters.map((f) => f.name),
    ["gopher_repetition", "gopher_quality", "c4_quality", "c4_paragraph", "c4_badwords", "refinedweb_lines", "fineweb_quality"],
  );
});

test("gopher_quality", async () => {
  const q = step(gopherQuality);
  assert.equal(await reasonFor(q, PAGE), undefined);
  assert.equal(await reasonFor(q, SENTENCE), "gopher_short_doc");
  assert.equal(await reasonFor(q, PAGE, { max_doc_words: 59 }), "gopher_long_doc");
  // 60 words, 73 tokens with eight '#' tokens: 8/73 > 0.1.
  assert.equal(await reasonFor(q, PAGE + " ########"), "gopher_too_many_hashes");
  assert.equal(await reasonFor(q, Array(5).fill(SENTENCE.replace(".", "...")).join("\n")), "gopher_too_many_end_ellipsis");
  assert.equal(await reasonFor(q, Array(5).fill("- " + SENTENCE).join("\n")), "gopher_too_many_bullets");
  assert.equal(await reasonFor(q, Array(10).fill("Cats chase small birds in gardens.").join(" ")), "gopher_enough_stop_words");
  assert.equal(await reasonFor(q, Array(60).fill("at").join(" ") + " the of"), "gopher_below_avg_threshold");
  // 85 tokens, 60 with a letter: 0.71 < 0.8 (the numbers keep the mean length at 3.5).
  assert.equal(await reasonFor(q, PAGE + " 1000".repeat(20)), "gopher_below_alpha_threshold");
  assert.equal(await reasonFor(q, PAGE, { min_stop_words: null, max_avg_word_length: 3 }), "gopher_above_avg_threshold");
});

test("gopher_repetition", async () => {
  const r = step(gopherRepetition);
  const prose =
    "The cat and the dog sat with the owner of the house. A quiet morning passed while rain fell on the old roof. " +
    "Children walked to school carrying bright umbrellas and small bags. Later that day the baker opened his shop " +
    "near the river. Everyone agreed that spring had finally arrived in town.";
  assert.equal(await reasonFor(r, prose), undefined);
  // 4 lines, 2 repeat the first: 0.5 > 0.3.
  assert.equal(await reasonFor(r, "a line here\na line here\na line here\nsomething else entirely"), "dup_line_frac");
  assert.equal(await reasonFor(r, "para one\n\npara one\n\npara one\n\npara two"), "dup_para_frac");
  // One line, "go go" 9 times: 5 × 9 = 45 characters of 29.
  assert.equal(await reasonFor(r, "go go go go go go go go go go"), "top_2_gram");
  assert.equal(await reasonFor(r, "go go go go go go go go go go", { top_n_grams: [] }), "duplicated_5_n_grams");
  assert.equal(await reasonFor(r, "", {}), undefined);
});

test("c4_quality rewrites kept pages line by line", async () => {
  const page = [
    "Menu",
    "This is the first sentence. Here is a second one.",
    "Please enable JavaScript to view this page.",
    "Read our privacy policy for details.",
    "Cited fact is here.[1]",
    "One more line with words! And another? Yes.",
  ].join("\n");
  const run = await runFilter(step(c4Quality), {}, [doc(page)]);
  assert.equal(run.kept.length, 1);
  assert.equal(
    run.kept[0].text,
    "This is the first sentence. Here is a second one.\nCited fact is here.\nOne more line with words! And another? Yes.",
  );
  // Without the punctuation rule "Menu" still goes: one word is fewer than three.
  const loose = await runFilter(step(c4Quality), { filter_no_terminal_punct: false }, [doc(page + "\nNo final mark on this line")]);
  assert.match(loose.kept[0].text, /No final mark on this line$/);

  const c = step(c4Quality);
  assert.equal(await reasonFor(c, page + "\nLorem ipsum dolor sit amet."), "lorem_ipsum");
  assert.equal(await reasonFor(c, page + "\nUse {braces} in this line."), "curly_bracket");
  // A "{" in a dropped line does not matter.
  assert.equal(await reasonFor(c, page + "\n{ no punctuation"), undefined);
  assert.equal(await reasonFor(c, "Only one sentence is here."), "too_few_sentences");
  assert.equal(await reasonFor(c, "x".repeat(1001) + " is a long word. " + page), undefined);
});

test("c4_quality in annotate mode keeps the text and records signals", async () => {
  const text = "Only one sentence is here.";
  const run = await runFilter(step(c4Quality), { annotate: true }, [doc(text)]);
  assert.equal(run.kept[0].text, text);
  assert.deepEqual(run.kept[0].metadata.c4_quality, { sentences: 1, kept_lines: 1, drop: "too_few_sentences" });
});

test("c4_paragraph", async () => {
  const p = step(c4Paragraph);
  const long = "x".repeat(200);
  assert.equal(await reasonFor(p, [long, long, "short", long].join("\n")), undefined);
  assert.equal(await reasonFor(p, [long, long, "x".repeat(199)].join("\n")), "too_few_paragraphs");
  assert.equal(await reasonFor(p, [long, long].join("\n"), { min_paragraphs: 2 }), undefined);
});

test("c4_badwords matches whole words of the document's language list", async () => {
  const b = step(c4BadWords);
  assert.equal(await reasonFor(b, "What a SHIT day."), "document_removed_with_badwords");
  assert.equal(await reasonFor(b, "Shitake mushrooms are tasty."), undefined);
  const fr = await runFilter(b, {}, [doc("Oh merde alors", "fr1", { language: "fr" }), doc("Oh merde alors", "en1")]);
  assert.deepEqual(fr.rejected.map((r) => r.doc.id), ["fr1"]);
  const missing = await runFilter(b, {}, [doc("text", "x", { language: "xx" })]);
  assert.equal(missing.failed.length, 1);
  const lenient = await runFilter(b, { fail_on_missing_language: false }, [doc("text", "x", { language: "xx" })]);
  assert.equal(lenient.kept.length, 1);
});

test("c4_badwords keep_fraction is a function of (seed, id)", async () => {
  const docs = () => Array.from({ length: 400 }, (_, i) => doc("this is shit", `d${i}`));
  const kept = async (seed: number) => (await runFilter(step(c4BadWords), { keep_fraction: 0.5 }, docs(), seed)).kept.map((d) => d.id);
  const a = await kept(1);
  assert.deepEqual(await kept(1), a);
  assert.ok(a.length > 150 && a.length < 250, `kept ${a.length} of 400`);
  assert.notDeepEqual(await kept(2), a);
  const reversed = (await runFilter(step(c4BadWords), { keep_fraction: 0.5 }, docs().reverse(), 1)).kept.map((d) => d.id);
  assert.deepEqual(reversed.sort(), [...a].sort());
});

test("fineweb_quality", async () => {
  const f = step(finewebQuality);
  const good = Array.from({ length: 4 }, (_, i) => `Line ${i} of a page with enough words to count, ending well.`).join("\n");
  assert.equal(await reasonFor(f, good), undefined);
  assert.equal(await reasonFor(f, "\n  \n\t\n"), "empty");
  assert.equal(await reasonFor(f, "no mark here\nnor here\nnor on this one"), "line_punct_ratio");
  // Three of four lines are at most 30 characters: 0.75 > 0.67.
  assert.equal(await reasonFor(f, "Hi.\nOk.\nYes.\n" + "A long line that says something useful."), "short_line_ratio");
  assert.equal(await reasonFor(f, good + "\nThe same line repeated in full here.\nThe same line repeated in full here."), "char_dup_ratio");
  // Two tokens per line, one newline each: about 0.5 newlines per word.
  const list = Array.from({ length: 6 }, (_, i) => `Supercalifragilisticexpialidocious${i}.`).join("\n");
  assert.equal(await reasonFor(f, list), "list_ratio");
});

// Sentences in languages written without spaces (lingua's test sentences), when the shared data is present.
const SENTENCES = fileURLToPath(new URL("../../../shared/data/C-langid/lingua/sentences/", import.meta.url));
const sentences = (lang: string): string[] =>
  readFileSync(join(SENTENCES, `${lang}.txt`), "utf8").split("\n").filter((l) => l.trim());

test("word rules count words, not space-separated chunks, in Chinese, Japanese and Thai", async (t) => {
  if (!existsSync(SENTENCES)) {
    t.skip(`${SENTENCES} absent`);
    return;
  }
  // Gopher's English-specific thresholds (mean word length, English stop words) are off here.
  const wordRulesOnly = { min_avg_word_length: null, min_stop_words: null };
  const signals = async (s: StepDef, text: string, lang: string, options: object) =>
    (await runFilter(s, { ...options, annotate: true }, [doc(text, "d", { lang })])).kept[0].metadata[s.name] as Record<string, unknown>;
  for (const lang of ["zh", "ja", "th"]) {
    const all = sentences(lang);
    let paragraph = "";
    for (const s of all) if (paragraph.length < 300) paragraph += s;
    const page = all.slice(0, 12).join("\n");

    // ~300 characters are well over 50 words, not 1 (zh, ja) or a few dozen chunks (th).
    const q = step(gopherQuality);
    assert.equal(await reasonFor(q, paragraph, { ...wordRulesOnly, segmentation: "whitespace" }), "gopher_short_doc", lang);
    const measured = await signals(q, paragraph, lang, wordRulesOnly);
    assert.equal(measured.drop, null, `${lang}: ${JSON.stringify(measured)}`);
    assert.ok((measured.words as number) >= 100, `${lang}: ${measured.words} words`);

    // One chunk makes its only "bigram" cover the whole text; words make it small.
    const r = step(gopherRepetition);
    assert.ok(((await signals(r, paragraph, lang, {})).top_2_gram as number) < 0.1, lang);
    // The same sentence five times on one line is still caught, now as repeated word n-grams.
    const repeated = Array(5).fill(all[1]).join("");
    assert.match(String((await signals(r, repeated, lang, {})).drop), /^(top_\d+_gram|duplicated_\d+_n_grams)$/, lang);

    // Newlines per word: 12 lines of about 12 chunks (th) or 1 chunk (zh, ja) vs dozens of words.
    const f = await signals(step(finewebQuality), page, lang, {});
    assert.ok((f.list_ratio as number) < 0.1, `${lang}: ${JSON.stringify(f)}`);

    // C4 (as FineWeb runs it) keeps lines of 3+ words and counts sentences at "。" and the like.
    const c4 = await signals(step(c4Quality), page, lang, { filter_no_terminal_punct: false });
    assert.equal(c4.drop, null, `${lang}: ${JSON.stringify(c4)}`);
  }
  // Without a language, or with segmentation: whitespace, datatrove's behaviour is kept.
  const zh = sentences("zh").slice(0, 12).join("\n");
  assert.equal(await reasonFor(step(finewebQuality), zh), "list_ratio");
  const ws = await runFilter(step(finewebQuality), { segmentation: "whitespace" }, [doc(zh, "d", { lang: "zh" })]);
  assert.equal(ws.rejected[0]?.reason, "list_ratio");
});

test("FineWeb-2's per-language thresholds make the Gopher rules keep real Chinese, Japanese and Thai prose", async (t) => {
  if (!existsSync(SENTENCES)) {
    t.skip(`${SENTENCES} absent`);
    return;
  }
  const q = step(gopherQuality);
  const verdict = async (text: string, lang: string, options: object = {}) =>
    (await runFilter(q, options, [doc(text, "d", { lang })])).rejected[0]?.reason;
  for (const lang of ["zh", "ja", "th"]) {
    // Prose: lingua's sentences without digits or Latin letters (many are table rows and codes).
    let prose = "";
    for (const s of sentences(lang).filter((s) => !/[\p{N}A-Za-z]/u.test(s))) if (prose.length < 1500) prose += s + (lang === "th" ? " " : "");
    // English thresholds: Chinese and Japanese words are too short, no language has English stop words.
    const english = await verdict(prose, lang, { language_defaults: "none" });
    assert.ok(english === "gopher_below_avg_threshold" || english === "gopher_enough_stop_words", `${lang}: ${english}`);
    assert.equal(await verdict(prose, lang), undefined, lang);
    // A pipeline's own options for the language win over the built-in ones.
    assert.equal(await verdict(prose, lang, { per_language: { [lang]: { min_avg_word_length: 30 } } }), "gopher_below_avg_threshold", lang);
  }
  // GlotLID's labels name the same languages.
  const zh = sentences("zh").slice(0, 40).join("");
  assert.equal(await verdict(zh, "cmn_Hani"), undefined);
  // English documents, labelled or not, get the English thresholds.
  assert.equal(await verdict(Array(10).fill("Cats chase small birds in gardens.").join(" "), "en"), "gopher_enough_stop_words");
});

test("per_language options are checked like the filter's own", async () => {
  const { parsePipeline } = await import("../src/config/load.js");
  const bad = { name: "x", input: { paths: ["a.jsonl"] }, output: "out", steps: [{ gopher_quality: { per_language: { zh: { min_avg_word_lenght: 1 } } } }] };
  assert.throws(() => parsePipeline(bad, "/tmp", "x"), /steps\[0\]\.gopher_quality\.per_language\.zh.*min_avg_word_lenght/);
});

test("refinedweb_lines: RefinedWeb's line corrections as DCLM reproduces them", async () => {
  const f = step(refinedwebLines);
  const body = Array(10).fill(SENTENCE).join("\n"); // 120 words in 10 lines
  const corrected = async (text: string, options: object = {}) => {
    const r = await runFilter(f, options, [doc(text, "d")]);
    return r.kept.length === 1 ? r.kept[0].text : `dropped: ${r.rejected[0].reason}`;
  };
  assert.equal(await corrected(body), body);
  // Each removed line alone: all caps, digits only, a counter, one word (at most 2 of 122 words: ≤ 5 %).
  for (const line of ["BREAKING NEWS", "2024", "1.2K views", "Share"]) {
    assert.equal(await corrected(`${body}\n${line}`), body, line);
  }
  // Boilerplate removed from short lines only, the rest of the line kept.
  assert.equal(await corrected(`${body}\nSign-in to comment here`), `${body}\nto comment here`);
  assert.equal(await corrected(`${body}\nThe full story. Read more...`), `${body}\nThe full story.`);
  assert.equal(await corrected(`${body}\n3 items in cart now`), `${body}\n3 now`);
  // Mixed case with half the letters uppercase stays: 6 of 12 characters.
  assert.equal(await corrected(`${body}\nABCdef ABCdef`), `${body}\nABCdef ABCdef`);
  // Seven words of 127 removed: 5.5 % > 5 %.
  assert.equal(await corrected(`${body}\nCLICK HERE NOW\nCLICK HERE NOW\nOK`), "dropped: refinedweb_too_many_words_removed");
  assert.equal(await corrected("MENU\nHOME"), "dropped: refinedweb_empty");
  assert.equal(await corrected(`${body}\nOne`, { min_line_words: 1 }), `${body}\nOne`);
  // Annotate: the share is recorded, the text untouched.
  const a = await runFilter(f, { annotate: true }, [doc(`${body}\n2024`, "d")]);
  assert.equal(a.kept[0].text, `${body}\n2024`);
  assert.deepEqual(a.kept[0].metadata.refinedweb_lines, { words_removed_ratio: 1 / 121, drop: null });
});
