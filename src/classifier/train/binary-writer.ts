/**
 * Little-endian writer for fastText's model format (`out.write((char*)&x, sizeof(x))` on the
 * little-endian machines every published model comes from; see models/fasttext/binary-reader).
 */
export class BinaryWriter {
  private buf = new Uint8Array(1 << 16);
  private view = new DataView(this.buf.buffer);
  private at = 0;

  private need(n: number): void {
    if (this.at + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.at + n) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.buf.subarray(0, this.at));
    this.buf = grown;
    this.view = new DataView(grown.buffer);
  }

  int32(v: number): void {
    this.need(4);
    this.view.setInt32(this.at, v, true);
    this.at += 4;
  }

  int64(v: number): void {
    this.need(8);
    this.view.setBigInt64(this.at, BigInt(v), true);
    this.at += 8;
  }

  float64(v: number): void {
    this.need(8);
    this.view.setFloat64(this.at, v, true);
    this.at += 8;
  }

  uint8(v: number): void {
    this.need(1);
    this.buf[this.at++] = v;
  }

  /** The bytes then a NUL, as `std::string` + `'\0'` in `Dictionary::save`. */
  cString(bytes: Uint8Array): void {
    this.need(bytes.length + 1);
    this.buf.set(bytes, this.at);
    this.at += bytes.length;
    this.buf[this.at++] = 0;
  }

  bytes(): Uint8Array {
    return this.buf.subarray(0, this.at);
  }
}
