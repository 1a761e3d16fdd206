/**
 * Open-addressing hash table from a two-lane 64-bit n-gram hash to (log10 prob, log10
 * backoff), on typed arrays. A slot is 16 bytes, [lane A, lane B, prob, backoff], in one
 * buffer (Uint32 and Float32 views), so a lookup that hits touches one cache line: scoring
 * is bound by these random reads. No per-entry objects.
 * Linear probing; the all-zero key marks an empty slot (keys are nudged off it). The low bit
 * of lane B is not part of the key: it flags an n-gram that is the context of a longer one.
 */
export class NgramTable {
  /** Slot s: keys at 4s, 4s+1; `values` (same buffer) holds prob at 4s+2, backoff at 4s+3. */
  private readonly keys: Uint32Array;
  readonly values: Float32Array;
  private readonly mask: number;
  size = 0;

  /**
   * `capacity` n-grams at most; KenLM's probing default also leaves a third of slots free
   * (multiplier 1.5). Or the slots of a table saved by `slots` (a power of two of 16-byte slots
   * holding `size` entries), used in place.
   */
  constructor(capacity: number | { slots: Uint32Array; size: number }) {
    let keys: Uint32Array;
    if (typeof capacity === "number") {
      let slots = 2;
      while (slots < capacity * 1.5) slots *= 2;
      keys = new Uint32Array(slots * 4);
    } else {
      keys = capacity.slots;
      this.size = capacity.size;
    }
    this.keys = keys;
    this.values = new Float32Array(keys.buffer, keys.byteOffset, keys.length);
    this.mask = keys.length / 4 - 1;
  }

  /** The slots, keys and values interleaved (see the constructor). */
  get slots(): Uint32Array {
    return this.keys;
  }

  /** The index in `values` of the key's prob (its backoff is the next one), or -1. */
  find(a: number, b: number): number {
    b = (b & ~1) >>> 0;
    if (a === 0 && b === 0) b = 2;
    const keys = this.keys;
    const mask = this.mask;
    for (let s = (a ^ b) & mask; ; s = (s + 1) & mask) {
      const i = s << 2;
      const ka = keys[i];
      const kb = keys[i + 1];
      if (ka === a && (kb & ~1) >>> 0 === b) return i + 2;
      if (ka === 0 && kb === 0) return -1;
    }
  }

  /** Whether the n-gram found at `at` (from `find`) is the context of a longer n-gram. */
  isContext(at: number): boolean {
    return (this.keys[at - 1] & 1) === 1;
  }

  /** Flags an entry as a context; false if it is missing. */
  markContext(a: number, b: number): boolean {
    const at = this.find(a, b);
    if (at < 0) return false;
    this.keys[at - 1] |= 1;
    return true;
  }

  /** Adds or overwrites an entry. One slot always stays empty, so that probes end. */
  set(a: number, b: number, prob: number, backoff: number): void {
    b = (b & ~1) >>> 0;
    if (a === 0 && b === 0) b = 2;
    const keys = this.keys;
    for (let s = (a ^ b) & this.mask; ; s = (s + 1) & this.mask) {
      const i = s << 2;
      const ka = keys[i];
      const kb = keys[i + 1];
      const empty = ka === 0 && kb === 0;
      if (empty || (ka === a && (kb & ~1) >>> 0 === b)) {
        if (empty) {
          if (this.size + 1 >= this.mask) throw new RangeError("n-gram table full: more n-grams than declared");
          keys[i] = a;
          keys[i + 1] = b;
          this.size++;
        }
        this.values[i + 2] = prob;
        this.values[i + 3] = backoff;
        return;
      }
    }
  }
}
