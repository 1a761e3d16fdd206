import assert from "node:assert/strict";
import { copyFileSync, existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { after, test } from "node:test";
import { readRecords } from "./helpers.js";
import { EVIL_ID, EVIL_LINES, PII_ID, makeServeRun, startServe } from "./serve-fixture.js";

const CHROMIUM = "/usr/bin/chromium";
const skip = existsSync(CHROMIUM) ? false : `${CHROMIUM} not installed`;

test("winnow serve in headless Chromium: reasons, marks, clusters, what-if counts, hostile text inert", { skip }, async (t) => {
  const t0 = Date.now();
  const { dir, runDir } = makeServeRun();
  t.diagnostic(`run: ${Date.now() - t0} ms`);
  const server = await startServe(runDir);
  after(() => server.stop());
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    const foreign: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warning") problems.push(`console ${m.type()}: ${m.text()}`);
    });
    page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
    page.on("dialog", (d) => {
      problems.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    page.on("request", (r) => {
      if (!r.url().startsWith(server.url)) foreign.push(r.url());
    });
    const shot = async (name: string) => {
      const path = join(dir, `${name}.png`);
      await page.screenshot({ path, fullPage: true });
      assert.ok(statSync(path).size > 10_000, `${name} screenshot is blank`);
      t.diagnostic(`screenshot: ${path} (${Date.now() - t0} ms)`);
      if (process.env.WINNOW_KEEP_SHOTS) copyFileSync(path, join(process.env.WINNOW_KEEP_SHOTS, `${name}.png`));
    };
    const output = readdirSync(join(runDir, "output")).sort().flatMap((f) => readRecords(join(runDir, "output", f)));

    // Overview → a removal reason → its first document: the reason is shown.
    await page.goto(server.url);
    await page.locator("#collections").waitFor();
    await shot("overview");
    await page.locator("#collections a", { hasText: "too_few_sentences" }).click();
    await page.locator("#items tbody tr").first().waitFor();
    await shot("removed-list");
    await page.locator("#items tbody tr a").first().click();
    await page.locator("#reason").waitFor();
    assert.equal(await page.locator("#reason").innerText(), "too_few_sentences");
    assert.match(await page.locator("#removal").innerText(), /Removed by c4_quality[\s\S]*min_num_sentences/);

    // The hostile document: shown as text, its dropped lines struck out, nothing runs.
    await page.goto(`${server.url}#/list?c=removed%2Fc4_quality&q=${EVIL_ID}`);
    await page.locator("#items tbody tr a").first().click();
    await page.locator("#doc-text").waitFor();
    assert.equal(await page.locator("#doc-id").innerText(), EVIL_ID);
    const text = await page.locator("#doc-text").innerText();
    for (const line of EVIL_LINES) assert.ok(text.includes(line), `${line} not shown as text`);
    assert.ok((await page.locator("#doc-text del.dropped").count()) >= EVIL_LINES.length, "C4's dropped lines not struck out");
    assert.equal(await page.locator("#app img, #app script, #app a[href^='javascript']").count(), 0);
    await shot("hostile-document");

    // A kept document with an e-mail address: its placeholder is highlighted.
    await page.goto(`${server.url}#/list?c=kept&q=${PII_ID}`);
    await page.locator("#items tbody tr a").first().click();
    await page.locator("#doc-text").waitFor();
    assert.equal(await page.locator("#doc-text mark.pii").first().innerText(), "<EMAIL_ADDRESS>");
    assert.match(await page.locator("#signals").innerText(), /gopher_quality\s+words/);

    // A near-duplicate: its kept copy is linked.
    await page.goto(`${server.url}#/list?c=removed%2Fminhash_dedup`);
    await page.locator("#items tbody tr a").first().click();
    await page.locator("#related h3").first().waitFor();
    assert.match(await page.locator("#related").innerText(), /Kept copy/);
    await page.locator("#related a").first().click();
    await page.locator("#removal.kept").waitFor();

    // What-if on Gopher's word count: counts at the configured threshold, then at another, equal independent counts.
    const words = (r: Record<string, any>) => r.metadata.gopher_quality?.words as number | undefined;
    const expected = (min: number) => {
      const kept = output.filter((r) => words(r) === undefined || words(r)! >= min);
      return { docs: kept.length, tokens: kept.reduce((s, r) => s + r.metadata.tokens, 0) };
    };
    await page.goto(`${server.url}#/whatif?s=gopher_quality.words`);
    await page.locator("#wi-docs").waitFor();
    const read = async () => ({
      threshold: Number(await page.locator("#wi-threshold").getAttribute("data-value")),
      docs: Number(await page.locator("#wi-docs").getAttribute("data-value")),
      tokens: Number(await page.locator("#wi-size").getAttribute("data-value")),
    });
    const before = await read();
    assert.equal(before.docs, expected(50).docs, "configured min_doc_words 50");
    assert.equal(before.tokens, expected(50).tokens);
    const max = Number(await page.locator("#wi-slider").getAttribute("max"));
    await page.locator("#wi-slider").fill(String(Math.floor(max / 2)));
    const moved = await read();
    assert.ok(moved.threshold > before.threshold);
    assert.deepEqual({ docs: moved.docs, tokens: moved.tokens }, expected(moved.threshold));
    assert.ok(moved.docs < before.docs, "moving the threshold did not change the count");
    await page.locator("#wi-margin li").first().waitFor();
    assert.match(await page.locator("#wi-margin").innerText(), /Just kept[\s\S]*Just dropped/);
    await shot("what-if");

    assert.deepEqual(problems, []);
    assert.deepEqual(foreign, []);
  } finally {
    await browser.close();
  }
});
