import { closeSync, fstatSync, openSync, readSync, renameSync, rmSync, writeSync } from "node:fs";

/**
 * Files of fixed-width records of u32 words (host-endian, as u32-list.ts), written and read
 * in blocks so that a pass over one costs a block of memory, whatever the file's size. The
 * external-memory clustering streams every intermediate through these.
 */
const BLOCK_BYTES = 1 << 20;

/** Appends records; `close()` renames the temporary file into place (a killed writer leaves no final file). */
export class RecordWriter {
  private readonly fd: number;
  private buf: Uint32Array;
  private at = 0;
  count = 0;

  constructor(
    readonly path: string,
    readonly width: number,
  ) {
    this.fd = openSync(path + ".tmp", "w");
    this.buf = new Uint32Array(64 * width);
  }

  /** Appends the record at `src[from .. from + width)`. */
  push(src: ArrayLike<number>, from = 0): void {
    if (this.at === this.buf.length) {
      // The block grows up to BLOCK_BYTES: small files (many sorted runs) stay cheap.
      if (this.buf.byteLength * 2 <= BLOCK_BYTES) {
        const next = new Uint32Array(this.buf.length * 2);
        next.set(this.buf);
        this.buf = next;
      } else this.flush();
    }
    for (let k = 0; k < this.width; k++) this.buf[this.at + k] = src[from + k];
    this.at += this.width;
    this.count++;
  }

  private flush(): void {
    if (this.at > 0) writeSync(this.fd, new Uint8Array(this.buf.buffer, 0, this.at * 4));
    this.at = 0;
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
    renameSync(this.path + ".tmp", this.path);
  }
}

/** Reads records one at a time: after `next()` returns true, the record is `rec[at .. at + width)`. */
export class RecordReader {
  private readonly fd: number;
  readonly rec: Uint32Array;
  private end = 0;
  at = 0;
  private pos = 0;
  private started = false;

  constructor(
    readonly path: string,
    readonly width: number,
  ) {
    this.fd = openSync(path, "r");
    const words = Math.min(fstatSync(this.fd).size, BLOCK_BYTES) >>> 2;
    this.rec = new Uint32Array(Math.max(width, Math.floor(words / width) * width));
  }

  next(): boolean {
    if (this.started) this.at += this.width;
    this.started = true;
    if (this.at < this.end) return true;
    const bytes = readSync(this.fd, new Uint8Array(this.rec.buffer), 0, this.rec.byteLength, this.pos);
    this.pos += bytes;
    this.end = bytes >>> 2;
    this.at = 0;
    if (this.end % this.width !== 0) throw new Error(`${this.path}: truncated record file`);
    return this.end > 0;
  }

  close(): void {
    closeSync(this.fd);
  }

  /** Closes and deletes the file: intermediates are freed as soon as they are consumed. */
  discard(): void {
    this.close();
    rmSync(this.path, { force: true });
  }
}

/** Lexicographic order of two records' words (the whole record: every sort is a total order, hence deterministic). */
export function compareRecords(a: Uint32Array, x: number, b: Uint32Array, y: number, width: number): number {
  for (let k = 0; k < width; k++) if (a[x + k] !== b[y + k]) return a[x + k] < b[y + k] ? -1 : 1;
  return 0;
}
