import { grown } from "../core/grown.js";

/**
 * Word ids keyed by the word's UTF-8 bytes, so that the ARPA reader can map the words of every
 * n-gram line to ids without decoding a string per word: each word is decoded once, as a
 * 1-gram. Open addressing over a 32-bit FNV-1a hash; a hit is confirmed by comparing bytes.
 */
export class ByteVocab {
  /** Slot: id + 1 (0 = empty). */
  private slots = new Int32Array(1 << 12);
  private hashes = new Uint32Array(1 << 12);
  /** Word bytes, back to back; word `id` spans starts[id] … starts[id + 1]. */
  private bytes = new Uint8Array(1 << 16);
  private starts = new Int32Array(1 << 10);
  private words = 0;

  private static hash(buf: Uint8Array, from: number, to: number): number {
    let h = 0x811c9dc5;
    for (let i = from; i < to; i++) h = Math.imul(h ^ buf[i], 0x01000193);
    return h >>> 0;
  }

  /** The id of buf[from … to), or −1. */
  find(buf: Uint8Array, from: number, to: number): number {
    const h = ByteVocab.hash(buf, from, to);
    const mask = this.slots.length - 1;
    for (let s = h & mask; ; s = (s + 1) & mask) {
      const id = this.slots[s] - 1;
      if (id < 0) return -1;
      if (this.hashes[s] === h && this.same(id, buf, from, to)) return id;
    }
  }

  /** Records buf[from … to) as word `id` (ids are given in increasing order, from 0). */
  add(buf: Uint8Array, from: number, to: number, id: number): void {
    if (this.find(buf, from, to) >= 0) return;
    if (2 * (this.words + 1) > this.slots.length) this.rehash();
    if (id + 2 > this.starts.length) this.starts = grown(this.starts, id + 2);
    const at = this.starts[id];
    if (at + (to - from) > this.bytes.length) this.bytes = grown(this.bytes, at + (to - from));
    this.bytes.set(buf.subarray(from, to), at);
    this.starts[id + 1] = at + (to - from);
    this.words = id + 1;
    this.place(ByteVocab.hash(buf, from, to), id);
  }

  private same(id: number, buf: Uint8Array, from: number, to: number): boolean {
    const start = this.starts[id];
    if (this.starts[id + 1] - start !== to - from) return false;
    for (let i = 0; i < to - from; i++) if (this.bytes[start + i] !== buf[from + i]) return false;
    return true;
  }

  private place(h: number, id: number): void {
    const mask = this.slots.length - 1;
    let s = h & mask;
    while (this.slots[s] !== 0) s = (s + 1) & mask;
    this.slots[s] = id + 1;
    this.hashes[s] = h;
  }

  private rehash(): void {
    const { slots, hashes } = this;
    this.slots = new Int32Array(slots.length * 2);
    this.hashes = new Uint32Array(slots.length * 2);
    for (let s = 0; s < slots.length; s++) if (slots[s] !== 0) this.place(hashes[s], slots[s] - 1);
  }
}

