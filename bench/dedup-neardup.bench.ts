/**
 * `npm run bench:dedup-neardup`: MinHash dedup (FineWeb settings) on the labelled near-copy data of
 * `../shared/data/F-neardup/clough-stevenson` (Clough & Stevenson 2011: 5 Wikipedia sources and 50
 * short answers labelled cut / light / heavy revision / non-plagiarised), and pair-level precision and
 * recall of the removals against exact Jaccard computed by brute force over every (answer, source)
 * pair. Sources come first in input order, so an answer is removed when MinHash links it to its
 * source (or to another answer linked to it). Writes the `dedup-neardup` section of BENCHMARKS.md.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { decompress as zstdDecompress } from "zstd-napi";
import { writeDocSection } from "./doc-section.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const DATA = join(ROOT, "..", "shared", "data", "F-neardup", "clough-stevenson");
const DOC = join(ROOT, "BENCHMARKS.md");
/** The S-curve midpoint of 14 bands × 8 rows, (1/14)^(1/8): where MinHash LSH links half the pairs. */
const THRESHOLD = (1 / 14) ** (1 / 8);

/** 5-word shingles with datatrove's simplification (lowercase, punctuation dropped, digit runs → 0), as strings. */
function shingles(text: string): Set<string> {
  const words = text
    .toLowerCase()
    .normalize("NFD")
    .replace(/[\p{P}\p{S}\p{Mn}]/gu, "")
    .replace(/\p{Nd}+/gu, "0")
    .split(/\s+/)
    .filter((w) => w !== "");
  const out = new Set<string>();
  for (let i = 0; i + 5 <= words.length; i++) out.add(words.slice(i, i + 5).join(" "));
  if (words.length > 0 && words.length < 5) out.add(words.join(" "));
  return out;
}

function jaccard(a: Set<string>, b: Set<string>): number {
  let inter = 0;
  for (const x of a) if (b.has(x)) inter++;
  return inter / (a.size + b.size - inter);
}

if (!existsSync(DATA)) {
  console.log(`no ${DATA}: skipped`);
  process.exit(0);
}
const read = (f: string) => readFileSync(join(DATA, f), "latin1"); // the corpus is Windows-1252 / Latin-1 text
const labels = readFileSync(join(DATA, "file_information.csv"), "utf8")
  .trim()
  .split(/\r?\n/)
  .slice(1)
  .map((l) => l.split(","))
  .filter(([file, , cat]) => file.startsWith("g") && cat !== undefined)
  .map(([file, task, category]) => ({ id: file.replace(/\.txt$/, ""), task, category: category.trim(), text: read(file) }));
const tasks = ["a", "b", "c", "d", "e"];
const sources = tasks.map((t) => ({ id: `orig_task${t}`, task: t, category: "orig", text: read(`orig_task${t}.txt`) }));

const dir = mkdtempSync(join(tmpdir(), "winnow-neardup-"));
try {
  writeFileSync(join(dir, "in.jsonl"), [...sources, ...labels].map((d) => JSON.stringify({ id: d.id, text: d.text })).join("\n") + "\n");
  writeFileSync(join(dir, "p.yaml"), `input: { paths: ["in.jsonl"] }\noutput: run\nsteps:\n  - minhash_dedup: {}\n  - write: { format: jsonl }\n`);
  const r = spawnSync(process.execPath, [join(ROOT, "bin", "winnow.js"), "run", join(dir, "p.yaml"), "--progress", "off"], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(r.stderr + r.stdout);
  const removedFile = join(dir, "run", "removed", "minhash_dedup");
  const removed = new Map<string, string>();
  for (const f of existsSync(removedFile) ? readdirSync(removedFile) : []) {
    const bytes = readFileSync(join(removedFile, f));
    const text = (f.endsWith(".zst") ? Buffer.from(zstdDecompress(bytes)) : bytes).toString("utf8");
    for (const line of text.split("\n").filter(Boolean)) {
      const d = JSON.parse(line) as { id: string; metadata: { removed_by: { value: { duplicate_of: string } } } };
      removed.set(d.id, d.metadata.removed_by.value.duplicate_of);
    }
  }

  // Per label: answers, mean exact Jaccard with their source, share removed.
  const sets = new Map([...sources, ...labels].map((d) => [d.id, shingles(d.text)]));
  const byCat = new Map<string, { n: number; j: number; removed: number }>();
  for (const d of labels) {
    const c = byCat.get(d.category) ?? { n: 0, j: 0, removed: 0 };
    c.n++;
    c.j += jaccard(sets.get(d.id)!, sets.get(`orig_task${d.task}`)!);
    if (removed.has(d.id)) c.removed++;
    byCat.set(d.category, c);
  }
  // Pair level over every (answer, source) pair: truth = exact Jaccard ≥ threshold, prediction = removed as a copy of that source.
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let pairs = 0;
  for (const d of labels) {
    for (const s of sources) {
      pairs++;
      const truth = jaccard(sets.get(d.id)!, sets.get(s.id)!) >= THRESHOLD;
      const predicted = removed.get(d.id) === s.id;
      if (truth && predicted) tp++;
      else if (predicted) fp++;
      else if (truth) fn++;
    }
  }
  const rows = ["cut", "light", "heavy", "non"].map((cat) => {
    const c = byCat.get(cat) ?? { n: 0, j: 0, removed: 0 };
    return `| ${cat} | ${c.n} | ${(c.j / Math.max(1, c.n)).toFixed(3)} | ${c.removed} |`;
  });
  const section = `
## Near-copies: Clough & Stevenson (\`npm run bench:dedup-neardup\`)

\`minhash_dedup\` with its defaults (FineWeb's 5-word shingles and 14 × 8 bands, pairs verified by sketch) on \`../shared/data/F-neardup/clough-stevenson\`:
the 5 Wikipedia sources first, then the 50 short answers labelled by how they were written from the source.
Jaccard: exact, of 5-word shingle sets (lowercase, punctuation dropped, digit runs folded), brute force.

| label | answers | mean Jaccard with source | removed as near-duplicates |
|---|--:|--:|--:|
${rows.join("\n")}

Pair level, all ${pairs} (answer, source) pairs, truth = exact Jaccard ≥ ${THRESHOLD.toFixed(3)} (the S-curve midpoint of 14 × 8),
found = the answer removed with that source as the kept copy of its cluster (directly or through a chain of linked answers):
${tp} true positives, ${fp} false positives, ${fn} false negatives — precision ${tp + fp ? (tp / (tp + fp)).toFixed(3) : "—"}, recall ${tp + fn ? (tp / (tp + fn)).toFixed(3) : "—"}.
`;
  console.log(section);
  writeDocSection(DOC, "dedup-neardup", section);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
