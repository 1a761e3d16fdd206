import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { assertKilledRunResumes, cli, makeText, readAllRecords, tmpDir, treeHashes, writeJsonl, writePipeline } from "./helpers.js";

interface Row {
  id: string;
  text: string;
}

const COOKIE = "We use cookies to improve your experience. By continuing you accept our cookie policy.";
const FOOTER = "© 2024 Example Media Group. All rights reserved.";
const QUOTES = Array.from({ length: 40 }, (_, k) => makeText(5000 + k, 15));

/**
 * 3 files × 500 pages, blocks separated by blank lines: a cookie notice (sometimes with extra
 * spaces or in capitals), a short "Home" line, unique content, quotes shared across pages,
 * a footer (twice in some pages); every 9th page is boilerplate only.
 */
function corpus(dir: string): Row[] {
  const all: Row[] = [];
  for (let f = 0; f < 3; f++) {
    const rows: Row[] = [];
    for (let i = 0; i < 500; i++) {
      const n = f * 500 + i;
      const blocks: string[] = [];
      if (n % 3 === 0) blocks.push("Home");
      if (n % 4 !== 3) blocks.push(n % 10 === 1 ? COOKIE.replace(/ /g, "  ") : n % 10 === 2 ? COOKIE.toUpperCase() : COOKIE);
      if (n % 9 !== 0) {
        blocks.push(makeText(n, 20 + (n % 60)));
        if (n % 5 === 0) blocks.push(QUOTES[n % 40]);
      }
      blocks.push(FOOTER);
      if (n % 17 === 0) blocks.push(FOOTER);
      rows.push({ id: `f${f}-${i}`, text: blocks.join(n % 2 ? "\n\n" : "\n\n\n") });
    }
    writeJsonl(join(dir, `in-${f}.jsonl`), rows);
    all.push(...rows);
  }
  return all;
}

interface Expected {
  kept: { id: string; text: string; info?: { removed_paragraphs: number; removed_chars: number } }[];
  removed: string[];
}

/** The answer computed independently: a first-seen set over units in input order. */
function expected(rows: Row[], unit: "line" | "paragraph", lowercase: boolean): Expected {
  const seen = new Set<string>();
  const out: Expected = { kept: [], removed: [] };
  for (const r of rows) {
    const pieces = r.text.split(unit === "line" ? /(\n)/ : /(\n{2,})/);
    let text = "";
    let started = false;
    let removedChars = 0;
    let removedUnits = 0;
    for (let i = 0; i < pieces.length; i += 2) {
      const key = (lowercase ? pieces[i].toLowerCase() : pieces[i]).replace(/\s+/g, " ").trim();
      if (key.length >= 20 && seen.has(key)) {
        removedChars += pieces[i].length;
        removedUnits++;
        continue;
      }
      if (key.length >= 20) seen.add(key);
      // A removed unit takes the separator before it; the first kept unit has none.
      text += (started ? pieces[i - 1] : "") + pieces[i];
      started = true;
    }
    if (removedUnits === 0) out.kept.push({ id: r.id, text: r.text });
    else if (removedChars > 0.8 * r.text.length || text.trim() === "") out.removed.push(r.id);
    else out.kept.push({ id: r.id, text, info: { removed_paragraphs: removedUnits, removed_chars: removedChars } });
  }
  return out;
}

function yaml(opts: string, output = "run") {
  return `
input: { paths: ["in-*.jsonl"] }
output: ${output}
tasks: { max_bytes: 100kB }
steps:
  - paragraph_dedup: ${opts}
  - write: { format: jsonl }
`;
}

function check(dir: string, out: string, want: Expected) {
  const kept = readAllRecords(join(dir, out, "output"));
  assert.deepEqual(
    kept.map((d) => ({ id: d.id, text: d.text, ...(d.metadata.paragraph_dedup ? { info: d.metadata.paragraph_dedup } : {}) })),
    want.kept,
  );
  const removed = readAllRecords(join(dir, out, "removed", "paragraph_dedup"));
  assert.deepEqual(removed.map((d) => d.id), want.removed);
  for (const d of removed) assert.equal(d.metadata.removed_by.reason, "mostly_duplicate");
  return kept;
}

test("paragraph dedup removes lines seen earlier, keeps unique content, drops pages of repeats; same bytes with 1 and 2 workers", () => {
  const dir = tmpDir();
  const rows = corpus(dir);
  const file = writePipeline(dir, yaml("{ partitions: 3 }"));
  const hashes: Record<string, string>[] = [];
  for (const w of ["1", "2"]) {
    const r = cli(["run", file, "--restart", "--progress", "off", "-w", w]);
    assert.equal(r.status, 0, r.stderr + r.stdout);
    hashes.push(treeHashes(join(dir, "run")));
  }
  assert.deepEqual(hashes[1], hashes[0]);

  const want = expected(rows, "line", false);
  const kept = check(dir, "run", want);
  // The boilerplate survives once (the capitalized notice is another text without lowercase: true) ...
  const lines = kept.flatMap((d) => d.text.split("\n").map((l: string) => l.replace(/\s+/g, " ").trim()));
  assert.equal(lines.filter((l) => l === COOKIE).length, 1);
  assert.equal(lines.filter((l) => l === FOOTER).length, 1);
  assert.equal(lines.filter((l) => l === COOKIE.toUpperCase()).length, 1);
  // ... short lines are never duplicates, and every page's unique content is kept.
  assert.equal(lines.filter((l) => l === "Home").length, rows.filter((r, n) => n % 3 === 0 && !want.removed.includes(r.id)).length);
  const keptText = new Map(kept.map((d) => [d.id, d.text as string]));
  rows.forEach((r, n) => {
    // The first line only: a short last line may repeat by chance, and then it goes.
    if (n % 9 !== 0) assert.ok(keptText.get(r.id)?.includes(makeText(n, 20 + (n % 60)).split("\n")[0]), r.id);
  });
  // Pages made only of boilerplate go, except the first ones that carried it.
  assert.ok(want.removed.length > 100);
  const boilerplateOnly = new Set(rows.filter((_, n) => n % 9 === 0).map((r) => r.id));
  for (const id of want.removed) assert.ok(boilerplateOnly.has(id), id);
});

test("unit: paragraph with lowercase", () => {
  const dir = tmpDir();
  const rows = corpus(dir);
  const r = cli(["run", writePipeline(dir, yaml("{ unit: paragraph, lowercase: true }", "para"), "para.yaml"), "--progress", "off"]);
  assert.equal(r.status, 0, r.stderr + r.stdout);
  const kept = check(dir, "para", expected(rows, "paragraph", true));
  const upper = kept.filter((d) => d.text.includes(COOKIE.toUpperCase())).length;
  assert.equal(upper, 0, "the capitalized notice is a duplicate of the first one");
});

test("killed at a random moment, the run resumes to the same result", async () => {
  const dir = tmpDir();
  corpus(dir);
  const r = cli(["run", writePipeline(dir, yaml("{ partitions: 4 }", "ref"), "ref.yaml"), "--progress", "off"]);
  assert.equal(r.status, 0, r.stderr);
  const file = writePipeline(dir, yaml("{ partitions: 4 }"));
  await assertKilledRunResumes(file, join(dir, "run"), join(dir, "ref"));
});
