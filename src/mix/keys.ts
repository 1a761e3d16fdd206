import { createHash } from "node:crypto";

/** 2^48: keys are the first 48 bits of a sha256, exact in a double. */
export const KEY_SPACE = 2 ** 48;

function key48(text: string): number {
  return createHash("sha256").update(text).digest().readUIntBE(0, 6);
}

/** Rank of a document when a source's fractional epoch is chosen: lower ranks are taken first. */
export function selectKey(seed: number, source: string, id: string): number {
  return key48(`mix-select\0${seed}\0${source}\0${id}`);
}

/** Position of one copy of a document in the shuffled mix; each repeat moves independently. */
export function shuffleKey(seed: number, source: string, id: string, repeat: number): number {
  return key48(`mix-shuffle\0${seed}\0${source}\0${id}\0${repeat}`);
}
