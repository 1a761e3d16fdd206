/** Token ids `ids[0, length)`: a TokenList, or a slice of one. */
export interface TokenRun {
  readonly ids: Uint32Array;
  readonly length: number;
}

/**
 * A growable list of token ids. Reused across documents so that encoding does not allocate
 * a JS array per document (the hot path appends hundreds of thousands of ids per second).
 */
export class TokenList {
  ids = new Uint32Array(1024);
  length = 0;

  push(id: number): void {
    if (this.length === this.ids.length) this.grow(this.length + 1);
    this.ids[this.length++] = id;
  }

  pushAll(ids: ArrayLike<number>): void {
    const n = ids.length;
    if (this.length + n > this.ids.length) this.grow(this.length + n);
    for (let i = 0; i < n; i++) this.ids[this.length + i] = ids[i];
    this.length += n;
  }

  /** Drops ids past `length`: undoes a partial append. */
  truncate(length: number): void {
    this.length = length;
  }

  clear(): void {
    this.length = 0;
  }

  view(): Uint32Array {
    return this.ids.subarray(0, this.length);
  }

  private grow(min: number): void {
    let size = this.ids.length * 2;
    while (size < min) size *= 2;
    const next = new Uint32Array(size);
    next.set(this.ids.subarray(0, this.length));
    this.ids = next;
  }
}
