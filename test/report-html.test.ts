import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { cli, makeText, tmpDir, writeJsonl, writePipeline } from "./helpers.js";

const CHROMIUM = "/usr/bin/chromium";
const EVIL_TEXT = "<script>alert(1)</script><img src=x onerror=alert(2)> javascript:alert(3)";
/** In metadata too: lang reaches chart labels (the JSON block) and table cells. */
const EVIL_LANG = "</script><script>alert(4)</script>";

/**
 * A small run that fills every section: languages, an annotate-mode filter's signals,
 * near-duplicate clusters, an unreadable input line, and hostile text and metadata.
 */
function makeRun(): string {
  const dir = tmpDir();
  mkdirSync(join(dir, "in"));
  const docs: unknown[] = [];
  for (let i = 0; i < 60; i++) docs.push({ id: `doc-${i}`, text: makeText(i, 30 + ((i * 37) % 400)), metadata: { lang: i % 4 === 0 ? "de" : "en" } });
  const copied = makeText(1000, 200);
  for (let i = 0; i < 4; i++) docs.push({ id: `dup-${i}`, text: copied, metadata: { lang: "en" } });
  docs.push({ id: "evil", text: EVIL_TEXT, metadata: { lang: EVIL_LANG } });
  writeJsonl(join(dir, "in", "a.jsonl"), docs);
  writeJsonl(join(dir, "in", "b.jsonl"), [{ id: "short", text: "too short" }, { id: "no-text" }]);
  const pipeline = writePipeline(
    dir,
    `name: report-test
input: { paths: ["in/*.jsonl"] }
output: run
steps:
  - length: { min_words: 20 }
  - gopher_quality: { annotate: true }
  - minhash_dedup: {}
  - write: { format: jsonl.zst }
`,
  );
  const r = cli(["run", pipeline, "--progress", "off", "--workers", "2"], dir);
  assert.equal(r.status, 0, r.stderr + r.stdout);
  assert.doesNotMatch(r.stderr, /warning/);
  return join(dir, "run");
}

// Built at load time: tmpDir's cleanup registered inside a hook or a test would run when that one ends.
const runDir = makeRun();

test("report.html: written by the run and by `winnow report`, with steps and counts, hostile text escaped", () => {
  const path = join(runDir, "report.html");
  assert.ok(existsSync(path), "the run wrote no report.html");
  const r = cli(["report", runDir]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout.trim(), path);

  const page = readFileSync(path, "utf8");
  const stats = JSON.parse(readFileSync(join(runDir, "stats.json"), "utf8"));
  for (const step of ["length", "gopher_quality", "minhash_dedup", "write"]) assert.ok(page.includes(step), `step ${step} missing`);
  for (const n of [stats.read, stats.kept, stats.removed.length.too_few_words, stats.removed.minhash_dedup.near_duplicate]) {
    assert.ok(page.includes(`>${n.toLocaleString("en-US")}<`), `count ${n} missing`);
  }
  for (const id of ["overview", "funnel", "removals", "errors", "throughput", "languages", "lengths", "signals", "duplicates", "examples"]) {
    assert.ok(page.includes(`<section id="${id}">`), `section ${id} missing`);
  }
  // The style sheet is inserted as it is: an escaped quote would silently drop a rule.
  assert.doesNotMatch(/<style>([\s\S]*?)<\/style>/.exec(page)![1], /&quot;|&lt;|&gt;|&amp;/);
  // Every script element is one of ours: the data block, chart.js and the page script.
  assert.equal(page.match(/<script/gi)!.length, 3);
  assert.doesNotMatch(page, /<script>alert/i);
  assert.doesNotMatch(page, /<img src=x/i);
  assert.ok(page.includes("&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt; javascript:alert(3)"));
  assert.ok(page.includes("\\u003c/script>\\u003cscript>alert(4)\\u003c/script>"), "lang not escaped in the data block");
  assert.ok(!/<a [^>]*href="javascript:/i.test(page));
  assert.match(page, /Ledger: read \d+ = kept/);
});

test("report.html in headless Chromium: charts drawn, no errors, no dialog", { skip: existsSync(CHROMIUM) ? false : `${CHROMIUM} not installed` }, async (t) => {
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    const requests: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warning") problems.push(`console ${m.type()}: ${m.text()}`);
    });
    page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
    page.on("dialog", (d) => {
      problems.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    page.on("request", (r) => {
      if (!r.url().startsWith("file:")) requests.push(r.url());
    });
    await page.goto(`file://${join(runDir, "report.html")}`, { waitUntil: "load" });

    // A string, as this project compiles without DOM types; `Chart` is the global chart.js's UMD build defines.
    const canvases = await page.evaluate<{ name: string; width: number; height: number; chart: boolean }[]>(`
      [...document.querySelectorAll("canvas")].map((c) => ({
        name: c.dataset.chart, width: c.getBoundingClientRect().width, height: c.getBoundingClientRect().height, chart: !!Chart.getChart(c),
      }))`);
    assert.ok(canvases.length >= 8, `only ${canvases.length} charts`);
    for (const c of canvases) {
      assert.ok(c.width > 0 && c.height > 0, `chart ${c.name} has no size`);
      assert.ok(c.chart, `chart ${c.name} not created`);
    }
    const text = await page.locator("#examples").innerText();
    assert.ok(text.includes(EVIL_TEXT), "hostile text not shown as text");
    assert.equal(await page.locator("img").count(), 0);

    const shot = join(tmpDir(), "report.png");
    await page.screenshot({ path: shot, fullPage: true });
    assert.ok(statSync(shot).size > 10_000);
    t.diagnostic(`screenshot: ${shot}`);
    assert.deepEqual(problems, []);
    assert.deepEqual(requests, []);
  } finally {
    await browser.close();
  }
});
