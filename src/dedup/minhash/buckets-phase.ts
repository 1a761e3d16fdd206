import type { BarrierContext } from "../../core/step.js";
import { writeFileAtomic } from "../../run/run-dir.js";
import { readPartition } from "../partitioned-file.js";
import { files } from "./files.js";
import { BAND_RECORD } from "./index-phase.js";
import { partitionsIn } from "../saved-index.js";
import { lshOf, partitionsOf, type MinhashOptions } from "./options.js";
import type { TaskSpace } from "./task-space.js";
import { U32List, asU32 } from "./u32-list.js";
import { pairVerifier, verificationBound } from "./verify.js";

/**
 * Stage 2, per partition: the band records of every task that hash to this partition, sorted
 * by (band, bucket key, task, ordinal). Each bucket with several documents links its first
 * document to each other member — a star, linear in the bucket's size, with the same
 * connected components as all pairs. With `verify` (verify.ts), a member joins the first star
 * whose center is similar enough to it (`verificationBound`), and becomes the center of a new star if none is. Output:
 * the partition's distinct edges, sorted. Memory: one partition of the index.
 */
export async function runBuckets(
  cfg: MinhashOptions,
  partition: number,
  ctx: BarrierContext<"candidate_pairs" | "unverified" | "edges">,
  space: TaskSpace,
): Promise<void> {
  const { bands, rows, threshold } = lshOf(cfg);
  const earlier = space.earlier;
  const slices: Uint32Array[] = [];
  for (let t = 0; t < earlier; t++) slices.push(savedSlice(space.file(files.bands, t), partition, partitionsOf(cfg, ctx.inputBytes)));
  for (let t = 0; t < ctx.tasks; t++) {
    const s = asU32(readPartition(files.bands(ctx.stepDir, t), partition));
    if (earlier > 0) for (let o = 3; o < s.length; o += BAND_RECORD) s[o] += earlier; // this run's tasks follow the earlier run's
    slices.push(s);
  }
  const total = slices.reduce((n, s) => n + s.length, 0);
  const rec = new Uint32Array(total);
  let at = 0;
  for (const s of slices) {
    rec.set(s, at);
    at += s.length;
  }
  const n = total / BAND_RECORD;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i * BAND_RECORD;
  order.sort((x, y) => {
    for (let k = 0; k < BAND_RECORD; k++) if (rec[x + k] !== rec[y + k]) return rec[x + k] - rec[y + k];
    return 0;
  });

  const verifier = pairVerifier(cfg.verify, space, bands * rows);
  const bound = verificationBound(threshold, verifier?.samples);
  // A near-duplicate pair meets in most of its bands: each document's data is read once. Memory:
  // the documents of this partition that have a candidate, at most all of them.
  const cache = new Map<number, Int32Array | Float64Array>();
  const dataOf = (r: number) => {
    const key = rec[r + 3] * 0x100000000 + rec[r + 4];
    let d = cache.get(key);
    if (d === undefined) cache.set(key, (d = verifier!.read(rec[r + 3], rec[r + 4])));
    return d;
  };
  const edges = new U32List();
  const centers: number[] = [];
  const centerSets: (Int32Array | Float64Array)[] = [];
  for (let i = 0; i < n; ) {
    let j = i + 1;
    const first = order[i];
    while (j < n && sameBucket(rec, first, order[j])) j++;
    if (j - i > 1) {
      ctx.count("candidate_pairs", j - i - 1);
      centers.length = 0;
      centerSets.length = 0;
      centers.push(first);
      if (verifier) centerSets.push(dataOf(first));
      for (let m = i + 1; m < j; m++) {
        const r = order[m];
        let center = first;
        if (verifier) {
          const set = dataOf(r);
          const k = centerSets.findIndex((c) => verifier.similarity(c, set) >= bound);
          if (k < 0) {
            ctx.count("unverified");
            centers.push(r);
            centerSets.push(set);
            continue;
          }
          center = centers[k];
        }
        // Links between two earlier documents change no decision of this run: every document of
        // this run linked to the earlier corpus has a path to it made of this run's links.
        if (rec[center + 3] < earlier && rec[r + 3] < earlier) continue;
        edges.push(rec[center + 3]);
        edges.push(rec[center + 4]);
        edges.push(rec[r + 3]);
        edges.push(rec[r + 4]);
      }
    }
    i = j;
  }
  verifier?.close();
  const distinct = sortedDistinct(asU32(edges.bytes()));
  ctx.count("edges", distinct.length / 4);
  writeFileAtomic(files.edges(ctx.stepDir, partition), Buffer.from(distinct.buffer, distinct.byteOffset, distinct.byteLength));
}

/**
 * Partition `p` of an earlier run's band file: its slice p when it has the same partition count,
 * else the records of every slice whose bucket key falls in p (the index phase's `key[0] % parts`).
 */
function savedSlice(file: string, p: number, parts: number): Uint32Array {
  const theirs = partitionsIn(file);
  if (theirs === parts) return asU32(readPartition(file, p));
  const out = new U32List();
  for (let q = 0; q < theirs; q++) {
    const s = asU32(readPartition(file, q));
    for (let o = 0; o < s.length; o += BAND_RECORD) if (s[o + 1] % parts === p) for (let k = 0; k < BAND_RECORD; k++) out.push(s[o + k]);
  }
  return asU32(out.bytes());
}

function sameBucket(rec: Uint32Array, x: number, y: number): boolean {
  return rec[x] === rec[y] && rec[x + 1] === rec[y + 1] && rec[x + 2] === rec[y + 2];
}

/** Edges (4 words each) sorted, duplicates (the same pair found in several bands) removed. */
function sortedDistinct(e: Uint32Array): Uint32Array {
  const m = e.length / 4;
  const order = new Uint32Array(m);
  for (let i = 0; i < m; i++) order[i] = 4 * i;
  order.sort((x, y) => e[x] - e[y] || e[x + 1] - e[y + 1] || e[x + 2] - e[y + 2] || e[x + 3] - e[y + 3]);
  const out = new U32List(Math.max(4, e.length));
  let prev = -1;
  for (const x of order) {
    if (prev >= 0 && e[x] === e[prev] && e[x + 1] === e[prev + 1] && e[x + 2] === e[prev + 2] && e[x + 3] === e[prev + 3]) continue;
    for (let k = 0; k < 4; k++) out.push(e[x + k]);
    prev = x;
  }
  return asU32(out.bytes());
}
