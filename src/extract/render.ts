import type { Block } from "./blocks.js";

/**
 * Joins kept blocks into text: consecutive list items and table rows of the same list or table
 * go on their own lines, everything else is separated by a blank line. The text is in NFC, the
 * form nearly all text is written in: pages in decomposed form (u + combining diaeresis) would
 * otherwise not match the same words elsewhere.
 */
export function render(blocks: readonly Block[]): string {
  let out = "";
  let prev: Block | undefined;
  for (const b of blocks) {
    if (prev) out += sameGroup(prev, b) ? "\n" : "\n\n";
    out += b.text;
    prev = b;
  }
  return out.normalize("NFC");
}

function sameGroup(a: Block, b: Block): boolean {
  if (a.kind !== b.kind || (a.kind !== "item" && a.kind !== "row")) return false;
  // Items of one list share the list element; rows share the table (possibly via tbody).
  return a.owner.parent === b.owner.parent || a.owner.parent?.parent === b.owner.parent?.parent;
}
