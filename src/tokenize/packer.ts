import type { TokenRun } from "./token-list.js";

export type PackRemainder = "drop" | "pad" | "keep";

/**
 * Packs documents into sequences of exactly `length` tokens, as pretraining does (GPT-3,
 * Brown et al. 2020 §2.3: documents concatenated with an end-of-text token between them, cut
 * into full context windows): each document's ids (with its BOS/EOS) are appended to a carry
 * and every full window is emitted. A sequence may start or end mid-document. The stream of
 * one task ends in a shorter remainder: `drop` it (the default; counted in `dropped`), `pad` it
 * to `length` with `padId`, or `keep` it as a shorter last sequence.
 */
export class Packer {
  private carry: Uint32Array;
  private used = 0;
  /** Tokens dropped with the remainder, and padding tokens added. */
  dropped = 0;
  padded = 0;

  constructor(
    private readonly length: number,
    private readonly emit: (seq: TokenRun) => void,
  ) {
    this.carry = new Uint32Array(length * 2);
  }

  add(doc: TokenRun): void {
    let from = 0;
    while (from < doc.length) {
      const n = Math.min(this.length - this.used, doc.length - from);
      this.carry.set(doc.ids.subarray(from, from + n), this.used);
      this.used += n;
      from += n;
      if (this.used === this.length) {
        this.emit({ ids: this.carry, length: this.length });
        this.used = 0;
      }
    }
  }

  /** Ends the stream: handles the remainder as configured. */
  finish(remainder: PackRemainder, padId: number): void {
    if (this.used === 0) return;
    if (remainder === "drop") this.dropped += this.used;
    else if (remainder === "keep") this.emit({ ids: this.carry, length: this.used });
    else {
      this.carry.fill(padId, this.used, this.length);
      this.padded += this.length - this.used;
      this.emit({ ids: this.carry, length: this.length });
    }
    this.used = 0;
  }
}
