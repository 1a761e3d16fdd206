/** A value no slot holds: marks an empty slot. */
export const ABSENT = -0x80000000;

/**
 * Open-addressing hash table from 64-bit keys (two int32 halves) to int32 values, in one
 * Int32Array of (lo, hi, value) triples: neighbouring slots share cache lines, and a million
 * keys take 12–24 MB rather than the ~100 MB of a `Map` of numbers. Linear probing up to a
 * load of 3/4: documents reach the table only through `KeyFilter`, so probe length matters less
 * than size.
 */
export class KeyTable {
  private slots: Int32Array;
  private mask: number;
  private shift: number;
  size = 0;

  constructor(capacity = 1024) {
    let cap = 16;
    while (cap < capacity) cap *= 2;
    this.slots = new Int32Array(cap * 3).fill(ABSENT);
    this.mask = cap - 1;
    this.shift = 32 - Math.log2(cap);
  }

  /** A table over saved `slots` (from `raw`), holding `size` keys. */
  static fromSlots(slots: Int32Array, size: number): KeyTable {
    const t = new KeyTable(16);
    const cap = slots.length / 3;
    if (!Number.isInteger(Math.log2(cap))) throw new Error(`saved key table: ${cap} slots is not a power of two`);
    t.slots = slots;
    t.mask = cap - 1;
    t.shift = 32 - Math.log2(cap);
    t.size = size;
    return t;
  }

  /** The slots themselves, to save; not to be modified. */
  get raw(): Int32Array {
    return this.slots;
  }

  /** Bytes held by the table. */
  get bytes(): number {
    return this.slots.byteLength;
  }

  /** The value stored for the key, or ABSENT. */
  get(lo: number, hi: number): number {
    const slots = this.slots;
    // Fibonacci hashing on a mix of both halves: the top bits pick the slot.
    let i = Math.imul(lo ^ Math.imul(hi, 0x9e3779b1), 0x85ebca6b) >>> this.shift;
    for (;;) {
      const o = i * 3;
      const v = slots[o + 2];
      if (v === ABSENT) return ABSENT;
      if (slots[o] === lo && slots[o + 1] === hi) return v;
      i = (i + 1) & this.mask;
    }
  }

  /** Stores `value` (never ABSENT) for the key, replacing any previous one. */
  set(lo: number, hi: number, value: number): void {
    if ((this.size + 1) * 4 > (this.mask + 1) * 3) this.rehash();
    const slots = this.slots;
    let i = Math.imul(lo ^ Math.imul(hi, 0x9e3779b1), 0x85ebca6b) >>> this.shift;
    for (;;) {
      const o = i * 3;
      if (slots[o + 2] === ABSENT) {
        slots[o] = lo;
        slots[o + 1] = hi;
        slots[o + 2] = value;
        this.size++;
        return;
      }
      if (slots[o] === lo && slots[o + 1] === hi) {
        slots[o + 2] = value;
        return;
      }
      i = (i + 1) & this.mask;
    }
  }

  /** Calls `fn` with every key. */
  forEachKey(fn: (lo: number, hi: number) => void): void {
    const slots = this.slots;
    for (let o = 0; o < slots.length; o += 3) if (slots[o + 2] !== ABSENT) fn(slots[o], slots[o + 1]);
  }

  private rehash(): void {
    const old = this.slots;
    const cap = (this.mask + 1) * 2;
    this.slots = new Int32Array(cap * 3).fill(ABSENT);
    this.mask = cap - 1;
    this.shift = 32 - Math.log2(cap);
    this.size = 0;
    for (let o = 0; o < old.length; o += 3) if (old[o + 2] !== ABSENT) this.set(old[o], old[o + 1], old[o + 2]);
  }
}
