import { closeSync, openSync, readSync } from "node:fs";
import type { BarrierContext } from "../../core/step.js";
import { writeFileAtomic } from "../../run/run-dir.js";
import { readPartition } from "../partitioned-file.js";
import { files } from "./files.js";
import { BAND_RECORD } from "./index-phase.js";
import { lshOf, type MinhashOptions } from "./options.js";
import { signatureAgreement } from "./signature.js";
import { U32List, asU32 } from "./u32-list.js";

/**
 * Stage 2, per partition: the band records of every task that hash to this partition, sorted
 * by (band, bucket key, task, ordinal). Each bucket with several documents links its first
 * document to each other member — a star, linear in the bucket's size, with the same
 * connected components as all pairs. With `verify`, a member joins the first star whose
 * center's signature agrees with its own on at least the threshold's fraction of hashes (an
 * estimate of Jaccard), and becomes the center of a new star if none does. Output:
 * the partition's distinct edges, sorted. Memory: one partition of the index.
 */
export async function runBuckets(cfg: MinhashOptions, partition: number, ctx: BarrierContext<"candidate_pairs" | "unverified" | "edges">): Promise<void> {
  const { bands, rows, threshold } = lshOf(cfg);
  const slices: Uint32Array[] = [];
  for (let t = 0; t < ctx.tasks; t++) slices.push(asU32(readPartition(files.bands(ctx.stepDir, t), partition)));
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

  const sigs = cfg.verify ? new SignatureReader(ctx.stepDir, bands * rows) : undefined;
  const edges = new U32List();
  const centers: number[] = [];
  const centerSigs: Int32Array[] = [];
  for (let i = 0; i < n; ) {
    let j = i + 1;
    const first = order[i];
    while (j < n && sameBucket(rec, first, order[j])) j++;
    if (j - i > 1) {
      ctx.count("candidate_pairs", j - i - 1);
      centers.length = 0;
      centerSigs.length = 0;
      centers.push(first);
      if (sigs) centerSigs.push(sigs.read(rec[first + 3], rec[first + 4]));
      for (let m = i + 1; m < j; m++) {
        const r = order[m];
        let center = first;
        if (sigs) {
          const sig = sigs.read(rec[r + 3], rec[r + 4]);
          const k = centerSigs.findIndex((c) => signatureAgreement(c, sig) >= threshold);
          if (k < 0) {
            ctx.count("unverified");
            centers.push(r);
            centerSigs.push(sig);
            continue;
          }
          center = centers[k];
        }
        edges.push(rec[center + 3]);
        edges.push(rec[center + 4]);
        edges.push(rec[r + 3]);
        edges.push(rec[r + 4]);
      }
    }
    i = j;
  }
  sigs?.close();
  const distinct = sortedDistinct(asU32(edges.bytes()));
  ctx.count("edges", distinct.length / 4);
  writeFileAtomic(files.edges(ctx.stepDir, partition), Buffer.from(distinct.buffer, distinct.byteOffset, distinct.byteLength));
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

/** Reads full signatures by (task, ordinal) from the index's `.sigs` files, one open file per task. */
class SignatureReader {
  private readonly fds = new Map<number, number>();

  constructor(
    private readonly stepDir: string,
    private readonly perms: number,
  ) {}

  read(task: number, ordinal: number): Int32Array {
    let fd = this.fds.get(task);
    if (fd === undefined) this.fds.set(task, (fd = openSync(files.sigs(this.stepDir, task), "r")));
    const buf = Buffer.alloc(this.perms * 8);
    readSync(fd, buf, 0, buf.length, ordinal * buf.length);
    return new Int32Array(buf.buffer, buf.byteOffset, this.perms * 2);
  }

  close(): void {
    for (const fd of this.fds.values()) closeSync(fd);
  }
}
