import { readCountRecords } from "./count-records.js";
import { selectKey } from "./keys.js";

/**
 * Which documents make a source's partial epoch: in the order of `selectKey(seed, source, id)`
 * (ties by position in the source), documents are taken until their tokens reach the remainder.
 * A document is in iff (key, ordinal) ≤ the cut; the overshoot is less than one document.
 */
export interface RemainderCut {
  key: number;
  ordinal: number;
}

export const TAKE_NONE: RemainderCut = { key: -1, ordinal: -1 };

export function inRemainder(cut: RemainderCut, key: number, ordinal: number): boolean {
  return key < cut.key || (key === cut.key && ordinal <= cut.ordinal);
}

const BINS = 1 << 16;
const BIN_WIDTH = 2 ** 32;

/**
 * Finds the cut with memory bounded by a 65,536-bin histogram plus the documents of one bin
 * (1/65,536 of the source, on average), not by sorting the whole source: pass 1 sums tokens
 * per bin of the key's top 16 bits and finds the bin where the running sum reaches
 * `remainder`; pass 2 sorts that bin's documents alone.
 */
export function remainderCut(countFiles: readonly string[], seed: number, source: string, remainder: number): RemainderCut {
  if (remainder <= 0) return TAKE_NONE;
  const hist = new Float64Array(BINS);
  for (const f of countFiles) for (const r of readCountRecords(f)) hist[Math.floor(selectKey(seed, source, r.id) / BIN_WIDTH)] += r.tokens;
  let before = 0;
  let bin = 0;
  while (bin < BINS - 1 && before + hist[bin] < remainder) before += hist[bin++];
  const inBin: { key: number; ordinal: number; tokens: number }[] = [];
  let ordinal = 0;
  for (const f of countFiles) {
    for (const r of readCountRecords(f)) {
      const key = selectKey(seed, source, r.id);
      if (Math.floor(key / BIN_WIDTH) === bin) inBin.push({ key, ordinal, tokens: r.tokens });
      ordinal++;
    }
  }
  inBin.sort((a, b) => a.key - b.key || a.ordinal - b.ordinal);
  let sum = before;
  for (const d of inBin) {
    sum += d.tokens;
    if (sum >= remainder) return { key: d.key, ordinal: d.ordinal };
  }
  // Only when remainder exceeds the source (not after quota capping): take everything.
  const last = inBin[inBin.length - 1];
  return last ? { key: last.key, ordinal: last.ordinal } : TAKE_NONE;
}
