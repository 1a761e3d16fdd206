import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { extractHtml } from "../src/filters/extract-html.js";
import { doc, runFilter } from "./filters-helpers.js";

const para = (s: string) => `<p>${s} This sentence is here so that the paragraph reads like the prose of an article, with enough words in it.</p>`;

const ARTICLE = `<!doctype html><html lang="en-GB"><head>
<title>Rivers &amp; Lakes</title><meta name="description" content="All about water.">
<style>p { color: red }</style><script>var x = "<p>never</p>";</script></head>
<body>
<div id="cookie-banner"><p>We use cookies to improve your experience. By continuing to browse you accept our cookie policy and terms.</p><button>Accept</button></div>
<header><a href="/">Home</a> <a href="/news">News</a></header>
<nav><ul><li><a href="/a">Section A</a></li><li><a href="/b">Section B</a></li></ul></nav>
<div class="layout">
 <article>
  <h2>Where rivers begin</h2>
  ${para("First, rivers start in the mountains.")}
  ${para("Second, they run through valleys &amp; plains.")}
  <ul><li>Amazon</li><li>Nile</li><li>Yangtze</li></ul>
  ${para("Third, they reach the sea&nbsp;at last.")}
  <table><tr><th>River</th><th>Length</th></tr><tr><td>Nile</td><td>6650 km</td></tr></table>
  ${para("Fourth, a poem follows.")}
  <p>Line one of the poem goes here<br>line two of the poem goes there<br>and line three ends it all right here.</p>
  <div class="share-buttons"><a href="/fb">Share on Facebook</a> <a href="/tw">Share on Twitter</a></div>
 </article>
 <div class="sidebar"><h3>Popular</h3><p>Read our other stories about many things, including mountains and forests and much more besides.</p></div>
 <section id="comments"><p>Great article, thanks! I really enjoyed reading it and will share it with all my friends and family.</p></section>
</div>
<footer><p>Copyright 2024 Water Corp. All rights reserved. Terms of use and privacy policy apply to everything.</p></footer>
</body></html>`;

async function extractOne(html: string, options: object = {}) {
  return runFilter(extractHtml, options, [doc(html)]);
}

test("extract_html keeps the article in order and drops furniture", async () => {
  const { kept } = await extractOne(ARTICLE);
  assert.equal(kept.length, 1);
  const text = kept[0].text;
  const order = ["Where rivers begin", "First, rivers", "Second, they run through valleys & plains.", "Amazon\nNile\nYangtze", "Third, they reach the sea at last.", "River | Length\nNile | 6650 km", "Fourth,"];
  let at = -1;
  for (const part of order) {
    const i = text.indexOf(part);
    assert.ok(i > at, `"${part}" in order in:\n${text}`);
    at = i;
  }
  assert.match(text, /goes here\nline two of the poem goes there\nand line three/);
  assert.match(text, /Second, .*\n\nAmazon/s, "paragraphs separated by a blank line");
  for (const gone of ["cookie", "Section A", "Home", "Share on", "Popular", "Great article", "Copyright", "never", "color"]) {
    assert.ok(!text.includes(gone), `"${gone}" should be removed from:\n${text}`);
  }
  assert.deepEqual(
    { title: kept[0].metadata.title, description: kept[0].metadata.description, lang: kept[0].metadata.html_lang },
    { title: "Rivers & Lakes", description: "All about water.", lang: "en-GB" },
  );
});

test("extract_html drops pages without text as no_content", async () => {
  const run = await extractOne("<html><head><title>x</title><script>a()</script></head><body><nav><a href='/'>Home</a></nav></body></html>");
  assert.equal(run.rejected[0]?.reason, "no_content");
});

test("extract_html sends pathological pages to errors quickly", async () => {
  const deep = "<div>".repeat(200_000) + "text" + "</div>".repeat(200_000);
  const wide = "<span>x</span>".repeat(300_000);
  const huge = `<p>${"word ".repeat(2_200_000)}</p>`;
  // CPU time, not wall time: the bound is about the work done, and other processes may hold the cores.
  const t0 = process.cpuUsage();
  const run = await runFilter(extractHtml, {}, [doc(deep, "deep"), doc(wide, "wide"), doc(huge, "huge")]);
  const used = process.cpuUsage(t0);
  const seconds = (used.user + used.system) / 1e6;
  assert.deepEqual(run.failed.map((f) => f.doc.id), ["deep", "wide", "huge"]);
  assert.match(String(run.failed[0].err), /max_depth/);
  assert.match(String(run.failed[1].err), /max_nodes/);
  assert.match(String(run.failed[2].err), /max_html_bytes/);
  assert.ok(seconds < 5, `took ${seconds.toFixed(1)} CPU-s`);
});

test("extract_html on real pages (dclm fixtures)", async (t) => {
  const dir = join(fileURLToPath(new URL("../../", import.meta.url)), "../shared/data/A-warc/html-dclm");
  if (!existsSync(dir)) {
    t.skip(`shared data absent: ${dir}`);
    return;
  }
  const names = [1, 2, 3].map((i) => `common_crawl_paragraph${i}.html`).concat(["wikipedia_paragraph1.html", "wikipedia_paragraph2.html"]);
  const docs = names.map((n) => doc(readFileSync(join(dir, n), "utf8"), n));
  const run = await runFilter(extractHtml, {}, docs);
  assert.equal(run.failed.length, 0);
  for (const d of run.kept) {
    assert.ok(!/<\/?(?:div|p|script|a)\b/i.test(d.text), `${d.id}: markup left in text`);
    assert.ok(typeof d.metadata.title === "string" && d.metadata.title.length > 0, `${d.id}: title`);
  }
  const wiki = run.kept.filter((d) => d.id.startsWith("wikipedia"));
  assert.equal(wiki.length, 2);
  for (const d of wiki) assert.ok(d.text.length > 2000, `${d.id}: ${d.text.length} chars`);
});
