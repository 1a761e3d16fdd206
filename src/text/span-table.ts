/**
 * Open-addressing set of text pieces (lines, n-grams) keyed by a 32-bit hash, holding for each
 * distinct piece the index of its first occurrence and its count. It never sees the pieces: a
 * hash match is confirmed by the caller, so counts stay exact whatever the hash does. One table
 * serves every document: `reset` bumps a generation stamp instead of clearing, and memory grows
 * only to the largest document seen.
 *
 * A slot's fields sit together (stamp, hash, first, count) so a probe touches one cache line.
 */
export class SpanTable {
  /** Slot fields; a slot is live when its stamp equals `generation`. */
  slots = new Int32Array(0);
  private mask = 0;
  private shift = 32;
  generation = 0;

  reset(expected: number): void {
    let capacity = 16;
    while (capacity < expected * 2) capacity *= 2;
    if (capacity * 4 > this.slots.length) {
      this.slots = new Int32Array(capacity * 4);
      this.generation = 0;
    }
    const slotCount = this.slots.length >> 2;
    this.mask = slotCount - 1;
    this.shift = 32 - Math.log2(slotCount);
    this.generation = (this.generation + 1) | 0;
    if (this.generation === 0) {
      this.slots.fill(0);
      this.generation = 1;
    }
  }

  /** Offset of the first slot to probe for hash `h`. */
  home(h: number): number {
    return (Math.imul(h, 0x9e3779b1) >>> this.shift) << 2;
  }

  /** Offset of the slot after `o`, wrapping around. */
  next(o: number): number {
    return ((o >> 2) + 1 & this.mask) << 2;
  }

  /** Makes the empty slot `o` hold a piece first seen at `first`, counted once. */
  claim(o: number, h: number, first: number): void {
    const slots = this.slots;
    slots[o] = this.generation;
    slots[o + 1] = h;
    slots[o + 2] = first;
    slots[o + 3] = 1;
  }
}
