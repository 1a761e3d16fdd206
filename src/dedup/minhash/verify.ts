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
 * - `signature`: the fraction of agreeing MinHash values, an unbiased estimate of Jaccard
 *   (costs the signatures on disk, 16 bytes × permutations per document);
 * - `shingles`: the exact Jaccard of the two shingle sets, with numbers kept as written
 *   (costs ~8 bytes per word on disk). MinHash's normalization folds digit runs, which makes
 *   pages that differ only in numbers ("Patch 7.3.825" vs "Patch 7.4.1721") identical; this
 *   check tells them apart, as text-dedup's and Google's "verify by true Jaccard" does.
 */
export interface PairVerifier {
  read(task: number, ordinal: number): Float64Array | Int32Array;
  similarity(a: Float64Array | Int32Array, b: Float64Array | Int32Array): number;
  close(): void;
}

export function pairVerifier(mode: "none" | "signature" | "shingles", space: TaskSpace, perms: number): PairVerifier | undefined {
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
  private readonly sigs: TaskFiles;

  constructor(
    space: TaskSpace,
    private readonly perms: number,
  ) {
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
