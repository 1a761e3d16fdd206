/**
 * Open-addressing hash table from a two-lane 64-bit n-gram hash to (log10 prob, log10
 * backoff), on typed arrays: 16 bytes per n-gram before load-factor slack, no per-entry objects.
 * Linear probing; the all-zero key marks an empty slot (keys are nudged off it).
 */
export class NgramTable {
  private readonly keys: Uint32Array;
  readonly prob: Float32Array;
  readonly backoff: Float32Array;
  private readonly mask: number;
  size = 0;

  /** `capacity` n-grams at most; KenLM's probing default also leaves a third of slots free (multiplier 1.5). */
  constructor(capacity: number) {
    let slots = 2;
    while (slots < capacity * 1.5) slots *= 2;
    this.keys = new Uint32Array(slots * 2);
    this.prob = new Float32Array(slots);
    this.backoff = new Float32Array(slots);
    this.mask = slots - 1;
  }

  /** The slot of the key, or -1. */
  find(a: number, b: number): number {
    if (a === 0 && b === 0) b = 1;
    const keys = this.keys;
    for (let s = (a ^ b) & this.mask; ; s = (s + 1) & this.mask) {
      const ka = keys[2 * s];
      const kb = keys[2 * s + 1];
      if (ka === a && kb === b) return s;
      if (ka === 0 && kb === 0) return -1;
    }
  }

  /** Adds or overwrites an entry. One slot always stays empty, so that probes end. */
  set(a: number, b: number, prob: number, backoff: number): void {
    if (a === 0 && b === 0) b = 1;
    const keys = this.keys;
    for (let s = (a ^ b) & this.mask; ; s = (s + 1) & this.mask) {
      const ka = keys[2 * s];
      const kb = keys[2 * s + 1];
      const empty = ka === 0 && kb === 0;
      if (empty || (ka === a && kb === b)) {
        if (empty) {
          if (this.size + 1 >= this.mask) throw new RangeError("n-gram table full: more n-grams than declared");
          keys[2 * s] = a;
          keys[2 * s + 1] = b;
          this.size++;
        }
        this.prob[s] = prob;
        this.backoff[s] = backoff;
        return;
      }
    }
  }
}
