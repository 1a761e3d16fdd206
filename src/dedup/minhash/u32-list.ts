/** A growable Uint32Array: records of fixed width appended without per-record allocation. */
export class U32List {
  private buf: Uint32Array;
  length = 0;

  constructor(capacity = 1024) {
    this.buf = new Uint32Array(capacity);
  }

  push(v: number): void {
    if (this.length === this.buf.length) {
      const next = new Uint32Array(this.buf.length * 2);
      next.set(this.buf);
      this.buf = next;
    }
    this.buf[this.length++] = v;
  }

  /** The values as bytes (a view, valid until the next push). */
  bytes(): Buffer {
    return Buffer.from(this.buf.buffer, this.buf.byteOffset, this.length * 4);
  }
}

/**
 * The bytes of a file of u32 records as a Uint32Array (copied when the buffer is unaligned).
 * Records are host-endian (little-endian on x86 and ARM): a run directory's intermediate
 * files are not portable to a big-endian host.
 */
export function asU32(buf: Buffer): Uint32Array {
  if (buf.byteOffset % 4 === 0) return new Uint32Array(buf.buffer, buf.byteOffset, buf.length >>> 2);
  return new Uint32Array(new Uint8Array(buf).buffer);
}
