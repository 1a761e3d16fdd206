/** Text helpers on hand-checked inputs: spaCy-style English tokens, sentences, lines, n-grams, segmentation. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { type Spans, splitLines, splitOnRuns } from "../src/text/lines.js";
import { WordNgrams } from "../src/text/ngrams.js";
import { segments, wordsOf } from "../src/text/segment.js";
import { countEnglishSentences, englishWords } from "../src/text/spacy-en.js";
import { countWords } from "../src/text/words.js";

const pieces = (text: string, spans: Spans): string[] =>
  Array.from({ length: spans.count }, (_, k) => text.slice(spans.at[2 * k], spans.at[2 * k + 1]));
const words = (text: string): string[] => pieces(text, englishWords(text));

test("English words follow spaCy's affix, infix and special-case rules", () => {
  const cases: [string, string[]][] = [
    ["Hello, world!", ["Hello", ",", "world", "!"]],
    ["I don't know.", ["I", "do", "n't", "know", "."]],
    ["(e.g., this)", ["(", "e.g.", ",", "this", ")"]],
    ["the U.S. and USA.", ["the", "U.S.", "and", "USA", "."]],
    ["a well-known 2019-2020 idea", ["a", "well", "-", "known", "2019", "-", "2020", "idea"]],
    ["10km at 5pm for $100", ["10", "km", "at", "5", "pm", "for", "$", "100"]],
    ["see http://example.com/page.", ["see", "http://example.com/page", "."]],
    ["John's cat", ["John", "'s", "cat"]],
    ["wait...what", ["wait", "...", "what"]],
    ["a/b and 10:30", ["a", "/", "b", "and", "10:30"]],
    // `:*` is an emoticon: the special-case pass re-merges it after affix splitting.
    ["**Default:**", ["*", "*", "Default", ":*", "*"]],
    ["cannot gonna", ["can", "not", "gon", "na"]],
    ["  spaced \n\n out  ", ["spaced", "out"]],
  ];
  for (const [text, expected] of cases) assert.deepEqual(words(text), expected, text);
});

test("sentences are counted as spaCy's sentencizer splits them", () => {
  assert.equal(countEnglishSentences("Hello world. This is it!"), 2);
  assert.equal(countEnglishSentences("Use e.g. this one."), 1);
  // "..." is punctuation but not a sentence mark; "!!" keeps one sentence going.
  assert.equal(countEnglishSentences("Wait... what!! Really? Yes."), 3);
  assert.equal(countEnglishSentences(""), 1);
  // "A." stays one token (capital + period is no suffix), so there is nothing to split on.
  assert.equal(countEnglishSentences("A. B. C."), 1);
  assert.equal(countEnglishSentences("One. Two. Three. Four. Five.", 3), 3);
});

test("lines split like Python's splitlines and re.split", () => {
  const text = "a\r\nb\rc\n\nd\u2028e\n";
  assert.deepEqual(pieces(text, splitLines(text)), ["a", "b", "c", "", "d", "e"]);
  const paras = "p1\n\np2\np2b\n\n\np3";
  assert.deepEqual(pieces(paras, splitOnRuns(paras, 0x0a, 2)), ["p1", "p2\np2b", "p3"]);
  assert.deepEqual(pieces("\na\n\nb\n", splitOnRuns("\na\n\nb\n", 0x0a, 1)), ["", "a", "b", ""]);
});

test("n-gram repetition measures match datatrove's definitions", () => {
  const abc = "a b c a b c";
  const g = new WordNgrams().load(abc, englishWords(abc), false);
  // "a b" and "b c" both occur twice; "a b" came first: 3 characters × 2.
  assert.equal(g.topNgramChars(2), 6);
  // "ab" "bc" "ca" are new, then "ab" repeats (+2) and the scan jumps past the end.
  assert.equal(g.duplicateNgramChars(2), 2);
  assert.equal(g.topNgramChars(7), 0);

  // Joined without separators, "ab"+"c" equals "a"+"bc": datatrove counts it as a repeat.
  const split = "ab c a bc";
  const h = new WordNgrams().load(split, englishWords(split), false);
  assert.equal(h.duplicateNgramChars(2), 3);
  assert.equal(h.topNgramChars(2), 4);

  // Lengths are Python's: an emoji counts once.
  const emoji = "😀 x 😀 x";
  const e = new WordNgrams().load(emoji, englishWords(emoji), true);
  assert.equal(e.topNgramChars(2), 3 * 2);
});

test("languages written without spaces are segmented into words under segmentation auto", () => {
  const zh = "我们今天去北京看长城。天气很好，大家都很开心！";
  assert.ok(segments("zh", "auto") && segments("cmn_Hani", "auto") && segments("th", "auto"));
  assert.ok(!segments("en", "auto") && !segments("zh", "whitespace") && !segments(undefined, "auto"));
  // Whitespace tokenization sees one chunk: spaCy peels only the final "！".
  assert.equal(wordsOf(zh, "zh", "whitespace").count, 2);
  const tokens = pieces(zh, wordsOf(zh, "zh", "auto"));
  assert.ok(tokens.length >= 12, tokens.join("|"));
  assert.ok(tokens.includes("北京") && tokens.includes("。") && tokens.includes("！"), tokens.join("|"));
  // Other languages keep datatrove's English tokens whatever the mode.
  assert.deepEqual(pieces("Hello, world!", wordsOf("Hello, world!", "en", "auto")), ["Hello", ",", "world", "!"]);
});

test("countWords: runs of non-whitespace, whitespace as JavaScript's \\s has it (but U+FEFF, and with U+0085), in a prefix too", () => {
  for (let c = 0; c < 0x10000; c++) {
    const ch = String.fromCharCode(c);
    const separates = (/\s/.test(ch) && c !== 0xfeff) || c === 0x85;
    assert.equal(countWords(`a${ch}b`), separates ? 2 : 1, `U+${c.toString(16)}`);
  }
  assert.equal(countWords("  one two\tthree\n\nfour  "), 4);
  assert.equal(countWords(""), 0);
  assert.equal(countWords("one two three", 5), 2); // "one t"
  assert.equal(countWords("one two three", 99), 3);
});

