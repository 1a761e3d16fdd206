/**
 * `winnow train lm` models cross-checked with IRSTLM (Debian's irstlm package):
 * (b) IRSTLM loads winnow's 5-gram ARPA and its scores equal the perplexity step's:
 *     every full 5-gram window to 1e-6 (`compile-lm --score`, printed as exact hex floats),
 *     every sentence (`score-lm`, 6 significant digits) and the total (`compile-lm --eval`);
 * (c) held-out perplexity on WikiText-2 test of winnow's model vs IRSTLM's own modified
 *     Kneser-Ney model (`build-lm.sh -s improved-kneser-ney`) trained on the same sentences.
 *
 * Both tools see the same words: WikiText-2 lines cut into `lmWords`, one sentence per line.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { readArpa } from "../src/lm/arpa.js";
import { irstlmOovPenalty, perplexity } from "../src/lm/ngram-model.js";
import { TextScorer } from "../src/lm/text-scorer.js";
import { lmWords } from "../src/lm/tokenize.js";
import { SHARED_DATA, cli, hasSharedData, tmpDir } from "./helpers.js";

const IRSTLM = "/usr/lib/irstlm";
const WIKITEXT = join(SHARED_DATA, "E-webtext", "wikitext-2");
const skip = (!existsSync(join(IRSTLM, "bin", "compile-lm")) && "irstlm is not installed (/usr/lib/irstlm)") || (!hasSharedData && "../shared/data is missing");

function run(cmd: string, args: string[], input?: string): string {
  const r = spawnSync(join(IRSTLM, "bin", cmd), args, { input, encoding: "utf8", env: { ...process.env, IRSTLM }, maxBuffer: 1 << 28 });
  assert.equal(r.status, 0, `${cmd} failed: ${r.stderr}`);
  return r.stdout + r.stderr;
}

/** WikiText lines as lmWords sentences, cut after " . " so that score-lm's 6 digits stay precise. */
function sentences(path: string, limit = Infinity): string[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .slice(0, limit)
    .flatMap((l) => l.split(/(?<= \.) /))
    .map((l) => lmWords(l).join(" "))
    .filter(Boolean);
}

/** A C99 hex float as printf("%a") writes it: -0x1.b5034777e2e4bp-12. */
function hexFloat(s: string): number {
  const m = /^(-?)0x([01])\.?([0-9a-f]*)p([+-]\d+)$/.exec(s);
  assert.ok(m, `not a hex float: ${s}`);
  const mantissa = Number(m[2]) + (m[3] ? parseInt(m[3], 16) / 16 ** m[3].length : 0);
  return (m[1] ? -1 : 1) * mantissa * 2 ** Number(m[4]);
}

const DIR = tmpDir("winnow-lm-irst-"); // module level: removed after both tests, not the first
let trained: { dir: string; train: string; arpa: string } | undefined;

/** winnow's 5-gram on the first 1,200 lines of WikiText-2 valid (shared by both tests). */
function winnowModel() {
  if (trained) return trained;
  const dir = DIR;
  const train = join(dir, "train.txt");
  writeFileSync(train, sentences(join(WIKITEXT, "valid.txt"), 1200).join("\n") + "\n");
  const arpa = join(dir, "winnow.arpa");
  const r = cli(["train", "lm", train, "-o", arpa]);
  assert.equal(r.status, 0, r.stderr);
  return (trained = { dir, train, arpa });
}

test("lm train ↔ IRSTLM: IRSTLM loads winnow's 5-gram ARPA and scores like the perplexity step", { skip }, async () => {
  const { dir, arpa } = winnowModel();
  const model = await readArpa(arpa);
  const scorer = new TextScorer(model);
  const testSet = sentences(join(WIKITEXT, "test.txt"), 400);
  const input = testSet.map((s) => `<s> ${s} </s>\n`).join("");
  const penalty = irstlmOovPenalty(model.vocabularySize);
  writeFileSync(join(dir, "test.sent"), input);

  // Every full 5-gram window: compile-lm --score prints ln P as an exact hex float.
  const windows = run("compile-lm", ["--score=yes", arpa], input)
    .split("\n")
    .map((l) => /^> (.*)\t\d+ p= (\S+)/.exec(l))
    .filter((x) => x !== null); // the last "> " is the prompt
  let w = 0;
  let checked = 0;
  let maxWindow = 0;
  for (const s of testSet) {
    const perToken: number[] = [];
    model.score(s.split(" "), penalty, perToken); // IRSTLM adds its OOV penalty here too
    const tokens = ["<s>", ...s.split(" ").map((t) => (model.ids.has(t) ? t : "<unk>")), "</s>"]; // IRSTLM prints OOVs so
    for (let i = 1; i < tokens.length; i++) {
      const [, gram, p] = windows[w++];
      assert.equal(gram, tokens.slice(Math.max(0, i - 4), i + 1).join(" "), "windows follow the sentence");
      if (p === "NULL") continue; // IRSTLM scores windows of 5 tokens only
      const theirs = hexFloat(p) / Math.LN10;
      const d = Math.abs(perToken[i - 1] - theirs);
      assert.ok(d < 1e-6, `P(${gram}): winnow ${perToken[i - 1]}, IRSTLM ${theirs}`);
      maxWindow = Math.max(maxWindow, d);
      checked++;
    }
  }
  assert.equal(w, windows.length);

  // Every sentence (score-lm adds P(<s>) = −99 as a unigram, and IRSTLM's OOV penalty) and the total.
  const irst = run("score-lm", [`--lm=${arpa}`], input).trim().split("\n").filter((l) => /^-?[\d.]+(e[-+]?\d+)?$/.test(l)).map(Number);
  assert.equal(irst.length, testSet.length);
  let total = 0;
  let tokens = 0;
  let maxSentence = 0;
  for (let i = 0; i < testSet.length; i++) {
    const ours = scorer.score(testSet[i]);
    const withPenalty = ours.log10Prob - ours.oov * penalty;
    total += withPenalty;
    tokens += ours.tokens;
    const theirs = irst[i] + 99;
    const printed = 0.5 * 10 ** (Math.floor(Math.log10(Math.abs(irst[i]))) - 5); // half a unit of the 6th digit
    const d = Math.abs(withPenalty - theirs);
    assert.ok(d <= Math.max(1e-4, printed * 1.01), `sentence ${i}: winnow ${withPenalty} vs IRSTLM ${theirs}`);
    maxSentence = Math.max(maxSentence, d);
  }
  const evalOut = run("compile-lm", [`--eval=${join(dir, "test.sent")}`, arpa]);
  const m = /Nw=(\d+) PP=([\d.]+).*logPr=(-?[\d.]+)/.exec(evalOut) ?? /Nw=(\d+) PP=([\d.]+)/.exec(evalOut);
  assert.ok(m, evalOut.slice(-500));
  assert.equal(Number(m[1]), tokens, "IRSTLM counts the same tokens (words + </s>)");
  const ppl = perplexity(total, tokens);
  assert.ok(Math.abs(ppl - Number(m[2])) <= 0.005 * 1.01 + 1e-9 * ppl, `total perplexity: winnow ${ppl}, IRSTLM ${m[2]}`);
  console.log(
    `lm-train-irstlm: ${checked} 5-gram windows max |Δ| ${maxWindow.toExponential(2)}; ${testSet.length} sentences max |Δ| ${maxSentence.toExponential(2)} (score-lm prints 6 digits); perplexity with IRSTLM's OOV penalty: winnow ${ppl.toFixed(3)}, IRSTLM ${m[2]}`,
  );
});

/**
 * Perplexity over the in-vocabulary tokens of WikiText-2 test (both models share the training
 * vocabulary, so the same tokens count): the tokens whose probability is the model's own
 * choice. OOV tokens are left out because the two models treat `<unk>` differently (IRSTLM
 * reserves mass for it, winnow gives it the interpolated share of an unseen word); the
 * all-token figures are printed too. Margin: winnow may not be more than 5 % worse.
 */
test("lm train ↔ IRSTLM: held-out perplexity of winnow's model vs IRSTLM's modified Kneser-Ney", { skip }, async () => {
  const { dir, train, arpa } = winnowModel();
  writeFileSync(join(dir, "train.sent"), readFileSync(train, "utf8").trim().split("\n").map((l) => `<s> ${l} </s>\n`).join(""));
  run("build-lm.sh", ["-i", join(dir, "train.sent"), "-n", "5", "-o", join(dir, "irstlm.ilm.gz"), "-k", "1", "-s", "improved-kneser-ney", "-t", join(dir, "stat")]);
  run("compile-lm", ["--text=yes", join(dir, "irstlm.ilm.gz"), join(dir, "irstlm.arpa")]);
  const testSet = sentences(join(WIKITEXT, "test.txt")).map((s) => s.split(" "));
  const ppl = async (path: string) => {
    const model = await readArpa(path);
    let all = 0;
    let n = 0;
    let known = 0;
    let nKnown = 0;
    const perToken: number[] = [];
    for (const words of testSet) {
      perToken.length = 0;
      model.score(words, 0, perToken);
      perToken.forEach((lp, i) => {
        all += lp;
        n++;
        if (i === words.length || model.ids.has(words[i])) {
          known += lp;
          nKnown++;
        }
      });
    }
    return { all: perplexity(all, n), known: perplexity(known, nKnown), oov: n - nKnown, n };
  };
  const ours = await ppl(arpa);
  const theirs = await ppl(join(dir, "irstlm.arpa"));
  assert.equal(ours.oov, theirs.oov, "same vocabulary, same OOV tokens");
  console.log(
    `lm-train-irstlm: WikiText-2 test, ${ours.n} tokens (${ours.oov} OOV): in-vocabulary perplexity winnow ${ours.known.toFixed(2)}, IRSTLM ${theirs.known.toFixed(2)}; all tokens winnow ${ours.all.toFixed(2)}, IRSTLM ${theirs.all.toFixed(2)}`,
  );
  assert.ok(ours.known <= theirs.known * 1.05, `winnow ${ours.known} is more than 5 % above IRSTLM ${theirs.known}`);
});
