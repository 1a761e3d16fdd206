/**
 * Cross-check of winnow's ARPA scorer against IRSTLM (Debian's irstlm package): IRSTLM builds
 * a 3-gram model from ~2,000 lines of WikiText-2 valid and writes it as ARPA; winnow reads it
 * and scores every sentence of WikiText-2 test; `score-lm` scores the same sentences.
 *
 * `score-lm` scores the words of a line as given, `<s>` included (as a unigram), so its
 * number minus log10 P(<s>) is winnow's sentence score; both add IRSTLM's OOV penalty
 * log10(10^7 − |V|) per unknown word. It prints 6 significant digits, hence the tolerance.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { readArpa } from "../src/lm/arpa.js";
import { irstlmOovPenalty } from "../src/lm/ngram-model.js";
import { SHARED_DATA, hasSharedData, makeText, tmpDir } from "./helpers.js";

const IRSTLM = "/usr/lib/irstlm";
const WIKITEXT = join(SHARED_DATA, "E-webtext", "wikitext-2");

function run(cmd: string, args: string[], input?: string): string {
  const r = spawnSync(join(IRSTLM, "bin", cmd), args, { input, encoding: "utf8", env: { ...process.env, IRSTLM }, maxBuffer: 1 << 28 });
  assert.equal(r.status, 0, `${cmd} failed: ${r.stderr}`);
  return r.stdout;
}

/** Sentences: WikiText lines cut after each " . ", so that scores stay short enough to print precisely. */
function sentences(text: string): string[] {
  return text
    .split("\n")
    .flatMap((l) => l.split(/(?<= \.) /))
    .map((s) => s.trim().split(/\s+/).filter(Boolean).join(" "))
    .filter((s) => s.length > 0);
}

test("lm: winnow's sentence log10 probabilities equal IRSTLM's score-lm on an IRSTLM 3-gram ARPA", { skip: !existsSync(join(IRSTLM, "bin", "compile-lm")) && "irstlm is not installed (/usr/lib/irstlm)" }, async () => {
  const dir = tmpDir("winnow-lm-irstlm-");
  const [train, testSet] = hasSharedData
    ? [readFileSync(join(WIKITEXT, "valid.txt"), "utf8").split("\n").slice(0, 2000).join("\n"), readFileSync(join(WIKITEXT, "test.txt"), "utf8")]
    : [makeText(1, 60_000).replace(/((?:\S+ ){20})/g, "$1\n"), makeText(2, 20_000).replace(/((?:\S+ ){20})/g, "$1\n") + " unseen words here"];
  writeFileSync(join(dir, "train.txt"), sentences(train).map((s) => `<s> ${s} </s>\n`).join(""));
  run("build-lm.sh", ["-i", join(dir, "train.txt"), "-n", "3", "-o", join(dir, "lm.ilm.gz"), "-k", "1", "-t", join(dir, "stat")]);
  run("compile-lm", ["--text=yes", join(dir, "lm.ilm.gz"), join(dir, "lm.arpa")]);

  const model = await readArpa(join(dir, "lm.arpa"));
  assert.equal(model.order, 3);
  const test = sentences(testSet);
  const irst = run("score-lm", [`--lm=${join(dir, "lm.arpa")}`], test.map((s) => `<s> ${s} </s>\n`).join(""))
    .trim()
    .split("\n")
    .map(Number);
  assert.equal(irst.length, test.length);
  const bosUnigram = Math.fround(Number(/^(\S+)\s+<s>\s/m.exec(readFileSync(join(dir, "lm.arpa"), "utf8"))![1]));
  const penalty = irstlmOovPenalty(model.vocabularySize);
  let maxDiff = 0;
  let maxDiffPrecise = 0; // over scores above −100, which score-lm prints to 4 decimals
  let precise = 0;
  let oov = 0;
  for (let i = 0; i < test.length; i++) {
    const ours = model.score(test[i].split(" "), penalty);
    oov += ours.oov;
    const theirs = irst[i] - bosUnigram;
    const diff = Math.abs(ours.log10Prob - theirs);
    // score-lm prints 6 significant digits: half a unit of the last one, and 1e-4 at least.
    const printed = 0.5 * 10 ** (Math.floor(Math.log10(Math.abs(irst[i]))) - 5);
    assert.ok(diff <= Math.max(1e-4, printed * 1.01), `sentence ${i}: winnow ${ours.log10Prob} vs IRSTLM ${theirs} (${test[i].slice(0, 80)})`);
    maxDiff = Math.max(maxDiff, diff);
    if (Math.abs(irst[i]) < 100) {
      precise++;
      maxDiffPrecise = Math.max(maxDiffPrecise, diff);
    }
  }
  assert.ok(oov > 0, "the test set has unknown words, so the OOV rule is exercised");
  console.log(`lm-irstlm: ${test.length} sentences, ${oov} OOV words, max |Δ log10 P| = ${maxDiff.toExponential(2)}; ${precise} scores > −100: max ${maxDiffPrecise.toExponential(2)}`);
});
