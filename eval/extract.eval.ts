/**
 * `npm run eval:extract`: scores extract_html on the two main-content benchmarks in
 * ../shared/data/B-extraction (ScrapingHub article-extraction-benchmark, trafilatura's
 * evaluation set), measures extraction speed, and rewrites its section of BENCHMARKS.md.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { DEFAULT_LIMITS, extractMainText } from "../src/extract/extract.js";
import { decodeHtml } from "../src/text/charset.js";
import { scrapinghubScores, segmentCounts, trafilaturaScores, type Scores, type SegmentCounts } from "./extract-scores.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const data = join(root, "../shared/data/B-extraction");

interface Page {
  key: string;
  html: string;
  bytes: number;
}

function loadPage(path: string, key: string): Page {
  const raw = gunzipSync(readFileSync(path));
  return { key, html: decodeHtml(raw).text, bytes: raw.length };
}

function extract(html: string): string {
  return extractMainText(html, DEFAULT_LIMITS).text;
}

// ScrapingHub: ground truth and the published outputs of other extractors on the same ids.
const shDir = join(data, "scrapinghub-aeb");
const truth = JSON.parse(readFileSync(join(shDir, "ground-truth.json"), "utf8")) as Record<string, { articleBody: string }>;
const shPages = Object.keys(truth).map((id) => loadPage(join(shDir, "html", `${id}.html.gz`), id));
const shPairs = shPages.map((p) => ({ truth: truth[p.key].articleBody, predicted: extract(p.html) }));
const ours = scrapinghubScores(shPairs);
// Rules were developed looking at both halves in turn; each half's score shows whether a gain holds on the other.
const shHalves = [0, 1].map((r) => scrapinghubScores(shPairs.filter((_, i) => i % 2 === r)));
const others: [string, Scores][] = readdirSync(join(shDir, "output"))
  .filter((f) => f.endsWith(".json"))
  .sort()
  .map((f) => {
    const json = JSON.parse(readFileSync(join(shDir, "output", f), "utf8"));
    const out = (json.output ?? json) as Record<string, { articleBody?: string }>;
    const pairs = shPages.map((p) => ({ truth: truth[p.key].articleBody, predicted: out[p.key]?.articleBody ?? "" }));
    return [f.replace(/\.json$/, ""), scrapinghubScores(pairs)];
  });

// trafilatura: must-have / must-not-have segments.
const tfDir = join(data, "trafilatura-eval");
const evaldata = JSON.parse(readFileSync(join(tfDir, "evaldata.json"), "utf8")) as Record<
  string,
  { file: string; with: string[]; without: string[] }
>;
const tfPages = Object.entries(evaldata).map(([url, e]) => {
  const gz = join(tfDir, "html", `${e.file}.gz`);
  return loadPage(existsSync(gz) ? gz : join(tfDir, "html", e.file), url);
});
const counts: SegmentCounts = { tp: 0, fn: 0, fp: 0, tn: 0 };
const halfCounts: SegmentCounts[] = [0, 1].map(() => ({ tp: 0, fn: 0, fp: 0, tn: 0 }));
tfPages.forEach((p, i) => {
  const c = segmentCounts(extract(p.html), evaldata[p.key].with, evaldata[p.key].without);
  for (const sum of [counts, halfCounts[i % 2]]) {
    sum.tp += c.tp;
    sum.fn += c.fn;
    sum.fp += c.fp;
    sum.tn += c.tn;
  }
});
const tf = trafilaturaScores(counts);
const tfHalves = halfCounts.map(trafilaturaScores);

// Speed: extraction alone (decoding excluded), one thread, best of three passes over every page,
// in CPU time (user + system): wall time means little on a machine shared with other jobs.
const allPages = [...shPages, ...tfPages];
const totalBytes = allPages.reduce((s, p) => s + p.bytes, 0);
let best = Infinity;
for (let pass = 0; pass < 3; pass++) {
  const c0 = process.cpuUsage();
  for (const p of allPages) extract(p.html);
  const c = process.cpuUsage(c0);
  best = Math.min(best, (c.user + c.system) / 1e6);
}
const mbPerS = totalBytes / 1e6 / best;

const f3 = (x: number) => x.toFixed(3);
console.log(`ScrapingHub (${shPages.length} pages): P=${f3(ours.precision)} R=${f3(ours.recall)} F1=${f3(ours.f1)} exact=${f3(ours.accuracy)}`);
console.log(`trafilatura (${tfPages.length} pages): P=${f3(tf.precision)} R=${f3(tf.recall)} F1=${f3(tf.f1)} acc=${f3(tf.accuracy)} ${JSON.stringify(counts)}`);
console.log(`halves (even / odd pages): ScrapingHub F1 ${f3(shHalves[0].f1)} / ${f3(shHalves[1].f1)}; trafilatura F1 ${f3(tfHalves[0].f1)} / ${f3(tfHalves[1].f1)}`);
console.log(`speed: ${(totalBytes / 1e6).toFixed(1)} MB of HTML in ${best.toFixed(2)} CPU-s on one thread = ${mbPerS.toFixed(1)} MB per CPU-second`);

writeSection(
  [
    "<!-- eval:extract:start -->",
    "## HTML main-text extraction (`extract_html`)",
    "",
    "Reproduce with `npm run eval:extract` (builds, then runs `dist/eval/extract.eval.js`). Data: the half of each benchmark kept in `../shared/data/B-extraction` (see its README); the other half is held out. The extraction rules were written against these pages (one was kept only if F1 rose on both the even- and the odd-numbered halves, or rose on one and held on the rest), so the figures below are in-sample: expect lower on the held-out half. Published figures of other tools are quoted from that README (ScrapingHub: the benchmark's README, all 181 pages; trafilatura: its evaluation page, all 990 pages); the \"same 91 pages\" rows score the published outputs shipped with the benchmark on our half, with our implementation of its metric.",
    "",
    `- **Machine**: ${cpus().length} × ${cpus()[0]?.model.trim() ?? "?"}, Node ${process.version}; measured ${new Date().toISOString().slice(0, 10)}.`,
    `- **Speed**: ${(totalBytes / 1e6).toFixed(1)} MB of HTML (${allPages.length} pages, decompressed, counted in bytes before decoding), extraction alone on one thread (parse, classify, render; charset decoding excluded), best of 3 passes, measured in CPU time (user + system, \`process.cpuUsage()\`; wall time is meaningless on the shared 2-core machine): **${mbPerS.toFixed(1)} MB per CPU-second** (target ≥ 10 MB/s per core).`,
    "",
    `### ScrapingHub article-extraction-benchmark (${shPages.length} of 181 pages)`,
    "",
    "Token 4-gram shingles; precision and recall averaged over documents, F1 from the averages; accuracy = exact token match.",
    "",
    "| extractor | F1 | precision | recall | accuracy | on |",
    "|---|--:|--:|--:|--:|---|",
    row("**winnow extract_html**", ours, "our 91 pages"),
    row("winnow, even-numbered pages", shHalves[0], "46 pages"),
    row("winnow, odd-numbered pages", shHalves[1], "45 pages"),
    ...others.sort((a, b) => b[1].f1 - a[1].f1).map(([name, s]) => row(name, s, "same 91 pages (published output)")),
    "| trafilatura 2.0.0 | 0.958 | 0.938 | 0.978 | 0.293 | 181 pages, published |",
    "| readability_js 0.6.0 | 0.947 | 0.914 | 0.982 | 0.166 | 181 pages, published |",
    "| justext 3.0.2 | 0.804 | 0.858 | 0.756 | 0.088 | 181 pages, published |",
    "",
    `Target: F1 ≥ 0.96 — ${ours.f1 >= 0.96 ? "met" : "**not met**"}.`,
    "",
    `### trafilatura evaluation set (${tfPages.length} of 990 pages)`,
    "",
    `Must-have and must-not-have segments, micro-averaged: ${counts.tp + counts.fn} text and ${counts.fp + counts.tn} boilerplate segments (tp ${counts.tp}, fn ${counts.fn}, fp ${counts.fp}, tn ${counts.tn}).`,
    "",
    "| extractor | F1 | precision | recall | accuracy | on |",
    "|---|--:|--:|--:|--:|---|",
    row("**winnow extract_html**", tf, "our 495 pages"),
    row("winnow, even-numbered pages", tfHalves[0], "248 pages"),
    row("winnow, odd-numbered pages", tfHalves[1], "247 pages"),
    "| trafilatura 2.2.0 (standard) | 0.924 | 0.906 | 0.943 | 0.923 | 990 pages, published |",
    "| magic-html 0.1.8 | 0.889 | 0.887 | 0.891 | 0.889 | 990 pages, published |",
    "| justext 3.0.2 (custom) | 0.862 | 0.864 | 0.859 | 0.862 | 990 pages, published |",
    "| readability-lxml 0.8.4.1 | 0.826 | 0.898 | 0.764 | 0.839 | 990 pages, published |",
    "| resiliparse 1.0.9 | 0.811 | 0.705 | 0.955 | 0.778 | 990 pages, published |",
    "",
    `Target: F1 ≥ 0.93 — ${tf.f1 >= 0.93 ? "met" : "**not met**"}.`,
    "<!-- eval:extract:end -->",
  ].join("\n"),
);

function row(name: string, s: Scores, on: string): string {
  return `| ${name} | ${f3(s.f1)} | ${f3(s.precision)} | ${f3(s.recall)} | ${f3(s.accuracy)} | ${on} |`;
}

/** Replaces this benchmark's section of BENCHMARKS.md, or appends it; other sections stay as they are. */
function writeSection(section: string): void {
  const path = join(root, "BENCHMARKS.md");
  const old = existsSync(path) ? readFileSync(path, "utf8") : "# winnow benchmarks\n";
  const re = /<!-- eval:extract:start -->[\s\S]*<!-- eval:extract:end -->/;
  const next = re.test(old) ? old.replace(re, () => section) : `${old.trimEnd()}\n\n${section}\n`;
  writeFileSync(path, next);
}
