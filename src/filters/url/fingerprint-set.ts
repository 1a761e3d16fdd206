import { fmix32 } from "../../core/fmix32.js";
/**
 * A set of 64-bit string fingerprints, for block lists of millions of entries. A JS `Set` of
 * strings costs about 80 bytes per domain; two 32-bit hashes in one open-addressed typed array
 * cost 8 bytes per slot. The price is a false match when two strings share both hashes: with n
 * entries, about n / 2^64 per lookup (2.5e-13 for 4.6 M domains).
 *
 * Strings are hashed as a stream of UTF-16 code units, through `start`/`step`, so that callers
 * can hash a string forwards, backwards or from a bigger text without copying it.
 */
export class FingerprintSet {
  private slots: Uint32Array;
  private mask: number;
  private count = 0;

  constructor(expected = 1024) {
    let capacity = 1024;
    while (capacity * MAX_LOAD < expected) capacity *= 2;
    this.slots = new Uint32Array(capacity * 2);
    this.mask = capacity - 1;
  }

  get size(): number {
    return this.count;
  }

  /** Bytes held by the table. */
  get bytes(): number {
    return this.slots.byteLength;
  }

  /** Adds the fingerprint `(a, b)`; (0, 0) marks empty slots, so it is stored as (0, 1). */
  add(a: number, b: number): void {
    a >>>= 0;
    b = a === 0 && b === 0 ? 1 : b >>> 0;
    const i = this.find(a, b);
    if (this.slots[i] !== 0 || this.slots[i + 1] !== 0) return;
    this.slots[i] = a;
    this.slots[i + 1] = b;
    if (++this.count > (this.mask + 1) * MAX_LOAD) this.grow();
  }

  has(a: number, b: number): boolean {
    a >>>= 0;
    b = a === 0 && b === 0 ? 1 : b >>> 0;
    const i = this.find(a, b);
    return this.slots[i] !== 0 || this.slots[i + 1] !== 0;
  }

  /** Index of the pair's slot, or of the empty slot where it would go (linear probing). */
  private find(a: number, b: number): number {
    const slots = this.slots;
    let s = fmix32(a) & this.mask;
    for (;;) {
      const i = s * 2;
      const x = slots[i];
      const y = slots[i + 1];
      if ((x === a && y === b) || (x === 0 && y === 0)) return i;
      s = (s + 1) & this.mask;
    }
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Uint32Array(old.length * 2);
    this.mask = old.length - 1;
    for (let i = 0; i < old.length; i += 2) {
      if (old[i] === 0 && old[i + 1] === 0) continue;
      const j = this.find(old[i], old[i + 1]);
      this.slots[j] = old[i];
      this.slots[j + 1] = old[i + 1];
    }
  }
}

/** Grow past this load factor: linear probing stays at a few probes per (mostly failing) lookup. */
const MAX_LOAD = 0.75;

/** The hash state before the first code unit. */
export function start(): [number, number] {
  return [0x811c9dc5, 0x9747b28c];
}

/**
 * Feeds one code unit: FNV-1a for the first hash, a different multiplier with a shift for the
 * second, so that the two do not collide together.
 */
export function step(h: [number, number], c: number): void {
  h[0] = Math.imul(h[0] ^ c, 0x01000193);
  const b = Math.imul(h[1] ^ c, 0x5bd1e995);
  h[1] = b ^ (b >>> 15);
}

