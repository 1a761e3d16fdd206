/**
 * int32 → int32 map for non-negative keys: open addressing over typed arrays, which
 * looks up char n-grams of pruned models faster than a `Map` and allocates nothing.
 */
export class IntMap {
  private readonly keys: Int32Array;
  private readonly values: Int32Array;
  private readonly mask: number;
  private readonly shift: number;

  constructor(capacity: number) {
    let bits = 4;
    while (1 << bits < capacity * 2) bits++;
    const size = 1 << bits;
    this.shift = 32 - bits;
    this.keys = new Int32Array(size).fill(-1);
    this.values = new Int32Array(size);
    this.mask = size - 1;
  }

  set(key: number, value: number): void {
    let i = this.slot(key);
    while (this.keys[i] !== -1 && this.keys[i] !== key) i = (i + 1) & this.mask;
    this.keys[i] = key;
    this.values[i] = value;
  }

  /** The value, or -1 when absent. */
  get(key: number): number {
    for (let i = this.slot(key); ; i = (i + 1) & this.mask) {
      const k = this.keys[i];
      if (k === key) return this.values[i];
      if (k === -1) return -1;
    }
  }

  /** Fibonacci hashing: the high bits of key·φ spread consecutive keys apart. */
  private slot(key: number): number {
    return Math.imul(key, 0x9e3779b1) >>> this.shift;
  }
}
