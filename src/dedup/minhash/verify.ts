import { closeSync, mkdirSync, openSync, readSync, renameSync, writeSync } from "node:fs";
import { dirname } from "node:path";
import { writeFileAtomic } from "../../run/run-dir.js";
import { files } from "./files.js";
import type { MinHasher } from "./signature.js";
import { signatureAgreement } from "./signature.js";
import type { TaskSpace } from "./task-space.js";
import { U32List } from "./u32-list.js";

/**
 * Candidate-pair verification for the buckets stage (`verify`): a bucket member is linked to
 * a center only when the two documents' similarity reaches the threshold.
 * - `sketch` (default): the Jaccard of the shingle sets with numbers kept as written,
 *   estimated from one-permutation sketches (Li, Owen & Zhang 2012, "One Permutation
 *   Hashing"): the hash range is cut into k bins and each keeps its smallest shingle hash, in
 *   one pass without sorting; 8 bytes × k per document on disk.
 *   It removes both kinds of false link that FineWeb's unverified LSH makes: pairs of moderate
 *   similarity (about 0.4–0.6) that share a band by chance, and pages made equal by digit folding;
 * - `signature`: the fraction of agreeing MinHash values, an unbiased estimate of Jaccard
 *   (costs the signatures on disk, 16 bytes × permutations per document);
 * - `shingles`: the exact Jaccard of the two shingle sets, with numbers kept as written
 *   (costs ~8 bytes per word on disk). MinHash's normalization folds digit runs, which makes
 *   pages that differ only in numbers ("Patch 7.3.825" vs "Patch 7.4.1721") identical; this
 *   check tells them apart, as text-dedup's and Google's "verify by true Jaccard" does.
 */
export interface PairVerifier {
  /** Hashes an estimate is made of; undefined when the similarity is exact. */
  readonly samples?: number;
  read(task: number, ordinal: number): Float64Array | Int32Array;
  similarity(a: Float64Array | Int32Array, b: Float64Array | Int32Array): number;
  close(): void;
}

/**
 * The similarity a verified pair must reach. An estimate from n hashes has a standard error of
 * √(t(1−t)/n) at the threshold t (binomial), so a pair is refused only when its estimate falls
 * 3 standard errors below t: one truly at the threshold passes 99.9 % of the time, while the
 * false links verification is for (chance band matches at Jaccard 0.4–0.55, pages equal only
 * once digits are folded) fall well below. Exact similarities are held to t itself.
 */
export function verificationBound(threshold: number, samples: number | undefined): number {
  if (samples === undefined) return threshold;
  return threshold - 3 * Math.sqrt((threshold * (1 - threshold)) / samples);
}

export function pairVerifier(mode: "none" | "sketch" | "signature" | "shingles", space: TaskSpace, perms: number): PairVerifier | undefined {
  if (mode === "sketch") return new SketchVerifier(space);
  if (mode === "signature") return new SignatureVerifier(space, perms);
  if (mode === "shingles") return new ShingleVerifier(space);
  return undefined;
}

/** Pread of `length` bytes at `position`. */
function readAt(fd: number, length: number, position: number): Buffer {
  const buf = Buffer.allocUnsafe(length);
  for (let done = 0; done < length; ) {
    const n = readSync(fd, buf, done, length - done, position + done);
    if (n === 0) throw new Error(`unexpected end of file at byte ${position + done}`);
    done += n;
  }
  return buf;
}

/** One open file per task, opened on first use. */
class TaskFiles {
  private readonly fds = new Map<number, number>();

  constructor(private readonly path: (task: number) => string) {}

  fd(task: number): number {
    let fd = this.fds.get(task);
    if (fd === undefined) this.fds.set(task, (fd = openSync(this.path(task), "r")));
    return fd;
  }

  close(): void {
    for (const fd of this.fds.values()) closeSync(fd);
  }
}

class SignatureVerifier implements PairVerifier {
  readonly samples: number;
  private readonly sigs: TaskFiles;

  constructor(
    space: TaskSpace,
    private readonly perms: number,
  ) {
    this.samples = perms;
    this.sigs = new TaskFiles((t) => space.file(files.sigs, t));
  }

  read(task: number, ordinal: number): Int32Array {
    const buf = readAt(this.sigs.fd(task), this.perms * 8, ordinal * this.perms * 8);
    return new Int32Array(buf.buffer, buf.byteOffset, this.perms * 2);
  }

  similarity(a: Int32Array, b: Int32Array): number {
    return signatureAgreement(a, b);
  }

  close(): void {
    this.sigs.close();
  }
}

/** Bins of a `verify: sketch` sketch: the estimate's standard error is about √(J(1−J)/k), 0.04 at J = 0.75. */
export const SKETCH_SIZE = 128;
const BIN_SHIFT = 32 - Math.log2(SKETCH_SIZE);

class SketchVerifier implements PairVerifier {
  readonly samples = SKETCH_SIZE;
  private readonly sketches: TaskFiles;

  constructor(space: TaskSpace) {
    this.sketches = new TaskFiles((t) => space.file(files.sketches, t));
  }

  read(task: number, ordinal: number): Float64Array {
    const buf = readAt(this.sketches.fd(task), SKETCH_SIZE * 8, ordinal * SKETCH_SIZE * 8);
    return new Float64Array(buf.buffer, buf.byteOffset, SKETCH_SIZE);
  }

  similarity(a: Float64Array, b: Float64Array): number {
    return sketchJaccard(a, b);
  }

  close(): void {
    this.sketches.close();
  }
}

/**
 * Jaccard estimated from two one-permutation sketches (+Infinity in empty bins): the share of
 * bins with equal minima among the bins not empty in both, which is unbiased (Li et al. 2012).
 */
export function sketchJaccard(a: Float64Array, b: Float64Array): number {
  let used = 0;
  let same = 0;
  for (let i = 0; i < a.length; i++) {
    if (a[i] === Infinity && b[i] === Infinity) continue;
    used++;
    if (a[i] === b[i]) same++;
  }
  return used === 0 ? 0 : same / used;
}

class ShingleVerifier implements PairVerifier {
  private readonly offsets: TaskFiles;
  private readonly data: TaskFiles;

  constructor(space: TaskSpace) {
    this.offsets = new TaskFiles((t) => space.file(files.shingleOffsets, t));
    this.data = new TaskFiles((t) => space.file(files.shingles, t));
  }

  read(task: number, ordinal: number): Float64Array {
    const at = readAt(this.offsets.fd(task), 8, ordinal * 4);
    const start = at.readUInt32LE(0);
    const end = at.readUInt32LE(4);
    const buf = readAt(this.data.fd(task), (end - start) * 8, start * 8);
    return new Float64Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.length));
  }

  similarity(a: Float64Array, b: Float64Array): number {
    return jaccardSorted(a, b);
  }

  close(): void {
    this.offsets.close();
    this.data.close();
  }
}

/** Jaccard similarity of two sorted sets without repeats (two empty sets: 0, never duplicates). */
export function jaccardSorted(a: Float64Array, b: Float64Array): number {
  let i = 0;
  let j = 0;
  let inter = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      inter++;
      i++;
      j++;
    } else if (a[i] < b[j]) i++;
    else j++;
  }
  const union = a.length + b.length - inter;
  return union === 0 ? 0 : inter / union;
}

/**
 * The distinct shingle hashes the hasher just computed (`hashShingles` returned `m`), sorted,
 * as 53-bit integers in doubles (21 bits of lane H, 32 of lane L): two distinct shingles of a
 * compared pair collide with probability ~m²/2^53, negligible.
 */
export function shingleSet(hasher: MinHasher, m: number): Float64Array {
  const out = new Float64Array(m);
  const lo = hasher.shingleLo;
  const hi = hasher.shingleHi;
  for (let k = 0; k < m; k++) out[k] = (hi[k] >>> 11) * 0x100000000 + (lo[k] >>> 0);
  out.sort();
  let n = 0;
  for (let k = 0; k < m; k++) if (k === 0 || out[k] !== out[n - 1]) out[n++] = out[k];
  return out.subarray(0, n);
}

/**
 * The one-permutation sketch of the `m` shingles the hasher holds into `out` (`SKETCH_SIZE`
 * bins): a shingle's bin is the top bits of its lane H, its value the next 21 bits of H and all
 * 32 of L, and each bin keeps its smallest value (+Infinity when empty).
 */
export function sketchInto(hasher: MinHasher, m: number, out: Float64Array): void {
  out.fill(Infinity);
  const lo = hasher.shingleLo;
  const hi = hasher.shingleHi;
  for (let k = 0; k < m; k++) {
    const h = hi[k];
    const bin = h >>> BIN_SHIFT;
    const v = ((h >>> (BIN_SHIFT - 21)) & 0x1fffff) * 0x100000000 + (lo[k] >>> 0);
    if (v < out[bin]) out[bin] = v;
  }
}

/** One task's sketches, a fixed record per ordinal, written as they come: memory stays one buffer whatever the task's size. */
export class SketchWriter {
  private readonly fd: number;
  private readonly path: string;
  private readonly buf = new Float64Array(SKETCH_SIZE * 512);
  private used = 0;

  constructor(stepDir: string, task: number) {
    this.path = files.sketches(stepDir, task);
    mkdirSync(dirname(this.path), { recursive: true });
    this.fd = openSync(this.path + ".tmp", "w");
  }

  /** The sketch of the `m` shingles the hasher holds (m = 0: an empty set). */
  add(hasher: MinHasher, m: number): void {
    sketchInto(hasher, m, this.buf.subarray(this.used, this.used + SKETCH_SIZE));
    this.used += SKETCH_SIZE;
    if (this.used === this.buf.length) this.flush();
  }

  private flush(): void {
    writeSync(this.fd, new Uint8Array(this.buf.buffer, 0, this.used * 8));
    this.used = 0;
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
    renameSync(this.path + ".tmp", this.path);
  }
}

/** Streams one task's shingle sets to disk: values in `.shingles`, per-ordinal start offsets in `.shoff`. */
export class ShingleWriter {
  private readonly fd: number;
  private readonly offsets = new U32List();
  private size = 0;

  constructor(
    private readonly stepDir: string,
    private readonly task: number,
  ) {
    const path = files.shingles(stepDir, task);
    mkdirSync(dirname(path), { recursive: true });
    this.fd = openSync(path + ".tmp", "w");
    this.offsets.push(0);
  }

  add(set: Float64Array): void {
    writeSync(this.fd, new Uint8Array(set.buffer, set.byteOffset, set.byteLength));
    this.size += set.length;
    this.offsets.push(this.size);
  }

  close(): void {
    closeSync(this.fd);
    const path = files.shingles(this.stepDir, this.task);
    renameSync(path + ".tmp", path);
    writeFileAtomic(files.shingleOffsets(this.stepDir, this.task), this.offsets.bytes());
  }
}
