import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { cli, cliAsync, readAllRecords, treeHashes, tmpDir, writeJsonl, writePipeline } from "./helpers.js";

interface Row {
  id: string;
  text: string;
  metadata: { score: number };
}

/** A number in base-26 letters: test words carry no digits, which the step's normalization folds to "0". */
function letters(n: number): string {
  let out = "";
  do {
    out += String.fromCharCode(97 + (n % 26));
    n = Math.floor(n / 26);
  } while (n > 0);
  return out;
}

/** Deterministic pseudo-words from a 3,000-word vocabulary (xorshift32). */
function words(seed: number, n: number): string[] {
  let x = (seed * 2654435761) >>> 0 || 1;
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out.push(`w${letters(x % 3000)}`);
  }
  return out;
}

/** `edits` words replaced at spread positions by words unique to this copy (`tag`). */
function edit(base: string[], edits: number, tag: string): string[] {
  const w = base.slice();
  for (let e = 0; e < edits; e++) w[Math.floor(((e + 0.5) * w.length) / edits)] = `${tag}x${letters(e)}`;
  return w;
}

/**
 * 300 unrelated 200-word documents; 60 get a near copy (1–3 words edited, Jaccard ≥ 0.86)
 * and 10 of those a second one (a 3-document cluster); 30 get a distant copy (60 words
 * edited, Jaccard ≈ 0.1) that must stay. Copies sit in other files than their originals.
 */
function corpus(dir: string): { rows: Row[]; near: Map<string, string> } {
  const files: Row[][] = [[], [], []];
  const near = new Map<string, string>(); // copy id → original id
  for (let i = 0; i < 300; i++) {
    const base = words(i + 1, 200);
    const id = `d${i}`;
    files[i % 3].push({ id, text: base.join(" "), metadata: { score: (i * 37) % 11 } });
    if (i % 5 === 0) {
      const copy = `${id}-near`;
      files[(i + 1) % 3].push({ id: copy, text: edit(base, 1 + (i % 3), `n${letters(i)}`).join(" "), metadata: { score: (i * 53) % 11 } });
      near.set(copy, id);
      if (i % 30 === 0) {
        const second = `${id}-near2`;
        files[(i + 2) % 3].push({ id: second, text: edit(base, 2, `m${letters(i)}`).join(" "), metadata: { score: 10 } });
        near.set(second, id);
      }
    }
    if (i % 10 === 3) files[(i + 1) % 3].push({ id: `${id}-far`, text: edit(base, 60, `f${letters(i)}`).join(" "), metadata: { score: 0 } });
  }
  files.forEach((rows, f) => writeJsonl(join(dir, `in-${f}.jsonl`), rows));
  return { rows: files.flat(), near };
}

function yaml(opts: string, output = "run") {
  return `
input: { paths: ["in-*.jsonl"] }
output: ${output}
seed: 7
tasks: { max_bytes: 100kB }
steps:
  - minhash_dedup: ${opts}
  - write: { format: jsonl }
`;
}

/** Shingle sets as the step normalizes these lowercase pseudo-words: 5 consecutive words. */
function shingles(text: string): Set<string> {
  const w = text.split(" ");
  const s = new Set<string>();
  for (let i = 0; i + 5 <= w.length; i++) s.add(w.slice(i, i + 5).join(" "));
  return s;
}

function jaccard(a: Set<string>, b: Set<string>): number {
  let inter = 0;
  for (const x of a) if (b.has(x)) inter++;
  return inter / (a.size + b.size - inter);
}

/**
 * The independent answer: clusters are an original and its near copies; the kept member is
 * the best by score, ties to input order (file order, then line). Returns dropped id → removal value.
 */
function expected(rows: Row[], near: Map<string, string>, score: (r: Row) => number): Map<string, { cluster: string; duplicate_of: string; cluster_size: number }> {
  const order = new Map(rows.map((r, i) => [r.id, i]));
  const byId = new Map(rows.map((r) => [r.id, r]));
  const clusters = new Map<string, string[]>();
  for (const [copy, orig] of near) clusters.set(orig, [...(clusters.get(orig) ?? [orig]), copy]);
  const out = new Map<string, { cluster: string; duplicate_of: string; cluster_size: number }>();
  for (const members of clusters.values()) {
    members.sort((a, b) => order.get(a)! - order.get(b)!);
    const best = members.reduce((b, m) => (score(byId.get(m)!) > score(byId.get(b)!) ? m : b));
    for (const m of members) if (m !== best) out.set(m, { cluster: members[0], duplicate_of: best, cluster_size: members.length });
  }
  return out;
}

test("minhash dedup removes near copies, keeps unrelated and distant ones, agrees with brute-force Jaccard, same bytes with 1 and 2 workers", () => {
  const dir = tmpDir();
  const { rows, near } = corpus(dir);
  const file = writePipeline(dir, yaml("{ partitions: 3 }"));
  const hashes: Record<string, string>[] = [];
  for (const w of ["1", "2"]) {
    const r = cli(["run", file, "--restart", "--progress", "off", "-w", w]);
    assert.equal(r.status, 0, r.stderr + r.stdout);
    hashes.push(treeHashes(join(dir, "run")));
  }
  assert.deepEqual(hashes[1], hashes[0]);

  const kept = new Set(readAllRecords(join(dir, "run", "output")).map((d) => d.id as string));
  const removed = readAllRecords(join(dir, "run", "removed", "minhash_dedup"));
  const want = expected(rows, near, () => 0);
  assert.deepEqual(new Map(removed.map((d) => [d.id, d.metadata.removed_by.value])), want);
  for (const d of removed) assert.equal(d.metadata.removed_by.reason, "near_duplicate");
  assert.equal(kept.size + removed.length, rows.length);

  // Pair level, all pairs: predicted = same cluster; truth = brute-force Jaccard of 5-word shingles.
  const cluster = new Map<string, string>(rows.map((r) => [r.id, r.id]));
  for (const d of removed) cluster.set(d.id, d.metadata.removed_by.value.cluster);
  const sets = rows.map((r) => shingles(r.text));
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (let i = 0; i < rows.length; i++) {
    for (let j = i + 1; j < rows.length; j++) {
      const same = cluster.get(rows[i].id) === cluster.get(rows[j].id);
      const truth = jaccard(sets[i], sets[j]) >= 0.75;
      if (same && truth) tp++;
      else if (same) fp++;
      else if (truth) fn++;
    }
  }
  console.log(`minhash pairs (truth: Jaccard ≥ 0.75 over ${rows.length} docs): precision ${(tp / (tp + fp)).toFixed(3)}, recall ${(tp / (tp + fn)).toFixed(3)} (tp ${tp}, fp ${fp}, fn ${fn})`);
  assert.equal(fp, 0);
  assert.equal(fn, 0);
});

test("keep: longest and score choose the kept copy; a spilling cluster stage decides the same; verify keeps the same true pairs", () => {
  const dir = tmpDir();
  const { rows, near } = corpus(dir);
  const run = (opts: string, out: string) => {
    const r = cli(["run", writePipeline(dir, yaml(opts, out), `${out}.yaml`), "--progress", "off"]);
    assert.equal(r.status, 0, r.stderr + r.stdout);
    return readAllRecords(join(dir, out, "removed", "minhash_dedup"));
  };
  const dropped = (score: (r: Row) => number) => [...expected(rows, near, score).keys()].sort();
  const byScore = run("{ keep: score }", "score");
  assert.deepEqual(byScore.map((d) => d.id).sort(), dropped((r) => r.metadata.score));
  // 1 kB of sort memory: every external sort of the cluster stage spills runs and merges them.
  assert.deepEqual(run("{ keep: score, cluster_memory_mb: 0.001 }", "spilled"), byScore);
  assert.deepEqual(run("{ keep: longest, verify: signature, threshold: 0.7, bands: 14, rows: 8 }", "longest").map((d) => d.id).sort(), dropped((r) => r.text.length));
});

test("minhash run killed at a random moment resumes to the same result", async () => {
  const dir = tmpDir();
  corpus(dir);
  const r = cli(["run", writePipeline(dir, yaml("{ partitions: 2 }", "ref"), "ref.yaml"), "--progress", "off"]);
  assert.equal(r.status, 0, r.stderr);
  const file = writePipeline(dir, yaml("{ partitions: 2 }"));
  const child = cliAsync(["run", file, "--progress", "off"]);
  const exited = new Promise((res) => child.on("exit", res));
  const delay = 300 + Math.floor(Math.random() * 2500);
  await sleep(delay);
  child.kill("SIGKILL");
  await exited;
  const final = cli(["run", file, "--progress", "off"]);
  assert.equal(final.status, 0, `killed after ${delay} ms: ${final.stderr}${final.stdout}`);
  assert.deepEqual(treeHashes(join(dir, "run")), treeHashes(join(dir, "ref")), `killed after ${delay} ms`);
});

test("verification (sketch by default, shingles) keeps pages that differ only in numbers apart, still removes the near copies, same bytes with 1 and 2 workers", () => {
  const dir = tmpDir();
  const { rows, near } = corpus(dir);
  // 12 release notes equal but for their numbers: one document after MinHash's digit folding.
  const notes = Array.from({ length: 12 }, (_, i) => ({
    id: `patch${i}`,
    text: `Patch 7.${i % 3}.${100 + 37 * i} fixed a crash when the window was resized twice within ${i + 2} seconds of start`,
    metadata: { score: 0 },
  }));
  writeJsonl(join(dir, "in-3.jsonl"), notes);
  const run = (opts: string, out: string, workers: string) => {
    const r = cli(["run", writePipeline(dir, yaml(opts, out), `${out}.yaml`), "--progress", "off", "-w", workers]);
    assert.equal(r.status, 0, r.stderr + r.stdout);
    return readAllRecords(join(dir, out, "removed", "minhash_dedup"));
  };
  const folded = run("{ partitions: 2, verify: none }", "folded", "1").map((d) => d.id as string);
  assert.deepEqual(folded.filter((id) => id.startsWith("patch")).sort(), notes.slice(1).map((n) => n.id).sort());
  for (const verify of ["sketch", "shingles"]) {
    const opts = verify === "sketch" ? "{ partitions: 2 }" : `{ partitions: 2, verify: ${verify} }`;
    const verified = run(opts, verify, "1");
    assert.deepEqual(new Map(verified.map((d) => [d.id, d.metadata.removed_by.value])), expected(rows, near, () => 0), verify);
    run(opts, `${verify}2`, "2");
    assert.deepEqual(treeHashes(join(dir, `${verify}2`, "output")), treeHashes(join(dir, verify, "output")));
    assert.deepEqual(treeHashes(join(dir, `${verify}2`, "removed")), treeHashes(join(dir, verify, "removed")));
  }
});
