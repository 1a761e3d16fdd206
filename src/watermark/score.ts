import { fmix32 } from "../dedup/minhash/hash32.js";
import { contextSeed, greenLimit, isGreen } from "./green-list.js";

export interface WatermarkParams {
  key: number;
  gamma: number;
  /** h: how many previous tokens seed the green list. */
  contextWidth: number;
  /** Count each (context, token) pair once (Kirchenbauer et al. 2023b, §4: "ignore repeated n-grams"). */
  ignoreRepeated: boolean;
}

export interface WatermarkScore {
  /** Scored tokens T: tokens with a full context (the first h are not), repeats removed if asked. */
  tokens: number;
  /** Green tokens G among them. */
  green: number;
  /** (G − γT) / √(γ(1−γ)T); null when T = 0. */
  z: number | null;
}

/** z = (G − γT) / √(γ(1−γ)T), the one-proportion z-test of the paper (§3, eq. 2). */
export function zScore(green: number, tokens: number, gamma: number): number | null {
  return tokens === 0 ? null : (green - gamma * tokens) / Math.sqrt(gamma * (1 - gamma) * tokens);
}

/**
 * Counts green tokens of id sequences. Repeated pairs are found with an open-addressing
 * table reused across documents (a generation stamp per slot clears it in O(1)), so scoring
 * allocates nothing per document once the table has grown to the longest one.
 */
export class WatermarkScorer {
  private readonly limit: number;
  private ctxs = new Uint32Array(1024);
  private toks = new Uint32Array(1024);
  private stamps = new Uint32Array(1024);
  private generation = 0;

  constructor(readonly p: WatermarkParams) {
    this.limit = greenLimit(p.gamma);
  }

  score(ids: Uint32Array, length: number): WatermarkScore {
    const h = this.p.contextWidth;
    const dedupe = this.p.ignoreRepeated;
    if (dedupe) this.prepare(length);
    let context = 0;
    for (let i = 0; i < h && i < length; i++) context = (context + ids[i]) >>> 0;
    let tokens = 0;
    let green = 0;
    for (let t = h; t < length; t++) {
      const tok = ids[t];
      if (!dedupe || this.firstTime(context, tok)) {
        tokens++;
        if (isGreen(contextSeed(this.p.key, context), tok, this.limit)) green++;
      }
      context = (context + tok - ids[t - h]) >>> 0;
    }
    return { tokens, green, z: zScore(green, tokens, this.p.gamma) };
  }

  /** A table of at least 2× `length` slots, empty. */
  private prepare(length: number): void {
    if (this.stamps.length < 2 * length) {
      let size = this.stamps.length;
      while (size < 2 * length) size *= 2;
      this.ctxs = new Uint32Array(size);
      this.toks = new Uint32Array(size);
      this.stamps = new Uint32Array(size);
      this.generation = 0;
    }
    this.generation++;
    if (this.generation === 0xffffffff) {
      this.stamps.fill(0);
      this.generation = 1;
    }
  }

  /** Inserts (context, token); false when it was there already. */
  private firstTime(context: number, token: number): boolean {
    const mask = this.stamps.length - 1;
    let i = fmix32((Math.imul(context, 0x9e3779b1) ^ token) >>> 0) & mask;
    for (;;) {
      if (this.stamps[i] !== this.generation) {
        this.stamps[i] = this.generation;
        this.ctxs[i] = context;
        this.toks[i] = token;
        return true;
      }
      if (this.ctxs[i] === context && this.toks[i] === token) return false;
      i = (i + 1) & mask;
    }
  }
}
