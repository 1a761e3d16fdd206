import { closeSync, openSync, renameSync, rmSync, writeSync } from "node:fs";

const BUFFER_BYTES = 1 << 20;

/**
 * A file written under `<path>.tmp` and renamed to `<path>` when complete, so that a reader
 * never sees a partial file under its final name. Writes are buffered: documents are small.
 */
export class TempFile {
  private readonly tmpPath: string;
  private fd: number;
  private readonly buf = Buffer.allocUnsafe(BUFFER_BYTES);
  private used = 0;
  /** Bytes written so far, buffered ones included. */
  bytes = 0;

  constructor(readonly path: string) {
    this.tmpPath = `${path}.tmp`;
    this.fd = openSync(this.tmpPath, "w");
  }

  write(data: Uint8Array): void {
    this.bytes += data.length;
    if (data.length >= BUFFER_BYTES) {
      this.flush();
      writeSync(this.fd, data);
      return;
    }
    if (this.used + data.length > BUFFER_BYTES) this.flush();
    this.buf.set(data, this.used);
    this.used += data.length;
  }

  /** Flushes, closes and renames to the final name. */
  complete(): void {
    this.flush();
    closeSync(this.fd);
    renameSync(this.tmpPath, this.path);
  }

  abort(): void {
    closeSync(this.fd);
    rmSync(this.tmpPath, { force: true });
  }

  private flush(): void {
    let off = 0;
    while (off < this.used) off += writeSync(this.fd, this.buf, off, this.used - off);
    this.used = 0;
  }
}
