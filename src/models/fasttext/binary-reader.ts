/** Typed-array views read native order; models are little-endian, so other hosts decode. */
const HOST_IS_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * A cursor over a fastText model file. fastText writes raw native-endian C++ values
 * (`out.write((char*)&x, sizeof(x))`); every published model comes from little-endian
 * machines, so that is what we read.
 */
export class BinaryReader {
  private readonly view: DataView;
  offset = 0;

  constructor(
    readonly bytes: Uint8Array,
    private readonly source: string,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  int32(): number {
    this.need(4);
    const v = this.view.getInt32(this.offset, true);
    this.offset += 4;
    return v;
  }

  /** int64 as a number: counts and sizes in real models stay far below 2^53. */
  int64(): number {
    this.need(8);
    const v = this.view.getBigInt64(this.offset, true);
    this.offset += 8;
    if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER)) this.fail(`int64 out of range: ${v}`);
    return Number(v);
  }

  float64(): number {
    this.need(8);
    const v = this.view.getFloat64(this.offset, true);
    this.offset += 8;
    return v;
  }

  uint8(): number {
    this.need(1);
    return this.bytes[this.offset++];
  }

  bool(): boolean {
    return this.uint8() !== 0;
  }

  /** `n` bytes, copied so that the file buffer can be released. */
  uint8Array(n: number): Uint8Array {
    this.need(n);
    const out = this.bytes.slice(this.offset, this.offset + n);
    this.offset += n;
    return out;
  }

  /** `n` floats; a view into the file when aligned (big dense matrices), else a copy. */
  float32Array(n: number): Float32Array {
    this.need(n * 4);
    const at = this.bytes.byteOffset + this.offset;
    const out = !HOST_IS_LITTLE_ENDIAN
      ? Float32Array.from({ length: n }, (_, i) => this.view.getFloat32(this.offset + 4 * i, true))
      : at % 4 === 0
        ? new Float32Array(this.bytes.buffer, at, n)
        : new Float32Array(this.bytes.buffer.slice(at, at + n * 4));
    this.offset += n * 4;
    return out;
  }

  /** Position just past the next NUL byte; the string itself is `bytes[start, end - 1)`. */
  skipCString(): number {
    const end = this.bytes.indexOf(0, this.offset);
    if (end < 0) this.fail("unterminated string");
    this.offset = end + 1;
    return this.offset;
  }

  fail(message: string): never {
    throw new Error(`${this.source}: not a valid fastText model (${message} at byte ${this.offset})`);
  }

  private need(n: number): void {
    if (this.offset + n > this.bytes.length) this.fail("unexpected end of file");
  }
}
