import { closeSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from "node:fs";
import { join } from "node:path";
import { KEY_SPACE } from "./keys.js";

/** Write buffers of all buckets together stay under this (each 4–64 KB). */
const BUFFERS_BYTES = 64 << 20;
/** A line's sort prefix: 12 hex digits of shuffle key, 12 of sequence number. */
const PREFIX = 24;

/**
 * A bounded-memory external shuffle. Each line goes to the bucket that holds its key's range
 * (bucket = ⌊key × B / 2^48⌋), so buckets read in order and sorted one at a time give the lines
 * in key order: the order of the whole mix, whatever B is. Memory is one bucket plus a write
 * buffer per bucket (64 MB for all at most); B is chosen so that a bucket is about `bucket_bytes`.
 * Bucket files are written as `.lines.tmp` and renamed by `close()`.
 */
export class ShuffleBuckets {
  private readonly fds: number[] = [];
  private readonly bufs: Buffer[] = [];
  private readonly used: number[];
  private seq = 0;
  private readonly bufferBytes: number;
  /** Lines per bucket, for the report. */
  readonly lines: number[];

  constructor(
    private readonly dir: string,
    readonly count: number,
    /** The buckets were filled and closed by an earlier process: only `sorted(b)` is used. */
    written = false,
  ) {
    this.used = new Array<number>(count).fill(0);
    this.lines = new Array<number>(count).fill(0);
    if (written) {
      this.bufferBytes = 0;
      return;
    }
    mkdirSync(dir, { recursive: true });
    this.bufferBytes = Math.max(4 << 10, Math.min(64 << 10, Math.floor(BUFFERS_BYTES / count)));
    for (let b = 0; b < count; b++) {
      this.fds.push(openSync(this.path(b) + ".tmp", "w"));
      this.bufs.push(Buffer.allocUnsafe(this.bufferBytes));
    }
  }

  private path(b: number): string {
    return join(this.dir, `${String(b).padStart(5, "0")}.lines`);
  }

  /** Adds a line (no newline in it) at shuffle position `key`; equal keys keep insertion order. */
  add(key: number, line: string): void {
    const b = Math.floor((key * this.count) / KEY_SPACE);
    const text = key.toString(16).padStart(12, "0") + (this.seq++).toString(16).padStart(12, "0") + line + "\n";
    const bytes = Buffer.byteLength(text, "utf8");
    if (this.used[b] + bytes > this.bufferBytes) this.flush(b);
    if (bytes > this.bufferBytes) writeSync(this.fds[b], text);
    else this.used[b] += this.bufs[b].write(text, this.used[b]);
    this.lines[b]++;
  }

  /** Closes the bucket files; then `sorted(b)` gives each bucket's lines in shuffle order. */
  close(): void {
    for (let b = 0; b < this.count; b++) {
      this.flush(b);
      closeSync(this.fds[b]);
      renameSync(this.path(b) + ".tmp", this.path(b));
    }
  }

  /** Bucket b's lines (prefix removed), sorted by key then insertion order. */
  sorted(b: number): string[] {
    const lines = readFileSync(this.path(b), "utf8").split("\n");
    lines.pop();
    // The prefix is fixed-width hex and unique (the sequence number), so plain string order is prefix order.
    lines.sort();
    return lines.map((l) => l.slice(PREFIX));
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }

  private flush(b: number): void {
    let off = 0;
    while (off < this.used[b]) off += writeSync(this.fds[b], this.bufs[b], off, this.used[b] - off);
    this.used[b] = 0;
  }
}
