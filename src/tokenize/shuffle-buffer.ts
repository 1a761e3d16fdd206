import { createHash } from "node:crypto";
import type { TokenRun } from "./token-list.js";

/** A 48-bit sort key from sha256(seed, id): the same on every machine and for any worker count. */
function shuffleKey(seed: number, id: string): number {
  const d = createHash("sha256").update(`shuffle\0${seed}\0${id}`).digest();
  return d.readUIntBE(0, 6);
}

/**
 * Shuffles a task's documents a block at a time: up to `size` documents' ids are held (memory
 * bounded by the block), then emitted ordered by a hash of (seed, document id). Documents move
 * only within their block and their task's files; the order depends on the seed and the ids
 * alone, not on timing or worker count.
 */
export class ShuffleBuffer {
  private held: { key: number; n: number; ids: Uint32Array }[] = [];

  constructor(
    private readonly size: number,
    private readonly seed: number,
    private readonly emit: (doc: TokenRun) => void,
  ) {}

  add(id: string, doc: TokenRun): void {
    this.held.push({ key: shuffleKey(this.seed, id), n: this.held.length, ids: doc.ids.slice(0, doc.length) });
    if (this.held.length >= this.size) this.flush();
  }

  flush(): void {
    this.held.sort((a, b) => a.key - b.key || a.n - b.n);
    for (const d of this.held) this.emit({ ids: d.ids, length: d.ids.length });
    this.held = [];
  }
}
