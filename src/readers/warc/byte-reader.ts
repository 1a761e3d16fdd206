/**
 * Random access to the near part of a byte stream: record parsers look ahead (a header block,
 * a body and the bytes after it), then consume. Only what is looked at is held in memory;
 * skipped bytes are dropped chunk by chunk. A failing stream (bad gzip) reads as an early end,
 * with the failure kept for the error message.
 */
export class ByteReader {
  private buf: Buffer = Buffer.alloc(0);
  /** Index in `buf` of the next unread byte. */
  private pos = 0;
  /** Absolute offset of `buf[0]`. */
  private base = 0;
  /** Chunks pulled but not yet joined into `buf`: joining once avoids quadratic copying of large bodies. */
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private done = false;
  failure: Error | undefined;

  constructor(private readonly chunks: AsyncIterator<Buffer>) {}

  /** Absolute offset of the next unread byte. */
  get offset(): number {
    return this.base + this.pos;
  }

  get available(): number {
    return this.buf.length - this.pos;
  }

  /** True when every byte has been consumed and the stream is over. */
  get atEnd(): boolean {
    return this.done && this.available === 0 && this.pendingBytes === 0;
  }

  /** Buffers at least `n` unread bytes, or all that remain; returns whether `n` are there. */
  async fill(n: number): Promise<boolean> {
    while (this.available + this.pendingBytes < n && !this.done) await this.pull();
    if (this.pending.length > 0 && this.available < n) this.join();
    return this.available >= n;
  }

  /** Unread bytes [from, to) without copying; valid until the next `fill` or `skip`. */
  view(from = 0, to = this.available): Buffer {
    return this.buf.subarray(this.pos + from, this.pos + Math.min(to, this.available));
  }

  /** Consumes `n` buffered bytes. */
  consume(n: number): void {
    this.pos += Math.min(n, this.available);
  }

  /** Consumes `n` bytes, buffered or not, without holding them; returns how many there were. */
  async skip(n: number): Promise<number> {
    let left = n;
    for (;;) {
      const here = Math.min(left, this.available);
      this.pos += here;
      left -= here;
      if (left === 0) return n;
      if (this.pending.length > 0) {
        this.join();
        continue;
      }
      if (this.done) return n - left;
      this.base += this.buf.length;
      this.buf = Buffer.alloc(0);
      this.pos = 0;
      await this.pull();
    }
  }

  private async pull(): Promise<void> {
    try {
      const r = await this.chunks.next();
      if (r.done) this.done = true;
      else if (r.value.length > 0) {
        this.pending.push(r.value);
        this.pendingBytes += r.value.length;
      }
    } catch (err) {
      this.failure = err instanceof Error ? err : new Error(String(err));
      this.done = true;
    }
  }

  private join(): void {
    this.base += this.pos;
    this.buf = Buffer.concat([this.buf.subarray(this.pos), ...this.pending]);
    this.pos = 0;
    this.pending = [];
    this.pendingBytes = 0;
  }
}
