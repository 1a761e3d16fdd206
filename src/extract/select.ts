import type { Block } from "./blocks.js";
import { Cls } from "./classify.js";
import type { El } from "./dom.js";
import { CONTENT_TAGS, Hint } from "./hints.js";

/**
 * Weight of boilerplate against content when choosing the region: a region is worth its good
 * characters minus this many times its boilerplate characters. At 1, an enclosing element is
 * preferred as long as it adds more content than furniture; in-region filtering removes the rest.
 */
const BOILER_WEIGHT = 1;
/** Climb to an ancestor that scores this close to the best: it keeps ledes and closing lines. */
const CLIMB_RATIO = 0.9;

/**
 * Elements whose class/id marks furniture, except those that enclose marked content (a page
 * wrapper named `has-sidebar` around `<article>`): by index, true when the hint applies.
 */
export function furnitureElements(elements: readonly El[]): Uint8Array {
  // Bit 1: a content tag inside; bit 2: a content tag or a positive class inside.
  const inside = new Uint8Array(elements.length);
  for (let i = elements.length - 1; i > 0; i--) {
    const el = elements[i];
    const tag = CONTENT_TAGS.has(el.tag) && el.hint !== Hint.Negative && el.hint !== Hint.Furniture ? 3 : 0;
    const marks = inside[i] | tag | (el.hint === Hint.Positive ? 2 : 0);
    if (el.parent) inside[el.parent.index] |= marks;
  }
  const furniture = new Uint8Array(elements.length);
  for (let i = 1; i < elements.length; i++) {
    const hint = elements[i].hint;
    furniture[i] = (hint === Hint.Negative && !(inside[i] & 2)) || (hint === Hint.Furniture && !(inside[i] & 1)) ? 1 : 0;
  }
  return furniture;
}

/** True for blocks inside a furniture element below `top` (or anywhere, for the root). */
export function inFurniture(block: Block, furniture: Uint8Array, top: El | null): boolean {
  for (let el: El | null = block.owner; el && el !== top; el = el.parent) if (furniture[el.index]) return true;
  return false;
}

/**
 * The element that best holds the main content: the maximum of good − weight × boilerplate over
 * all elements (sums over the blocks inside, computed bottom-up in one pass), then the highest
 * ancestor scoring nearly as well. Good text is that of good and near-good blocks outside
 * furniture; boilerplate is link text, bad blocks and furniture.
 */
export function selectRegion(elements: readonly El[], blocks: readonly Block[], cls: readonly Cls[], furniture: Uint8Array): El {
  const score = new Float64Array(elements.length);
  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i];
    const len = b.text.length;
    let value: number;
    if (cls[i] === Cls.Bad || inFurniture(b, furniture, null)) value = -BOILER_WEIGHT * len;
    else if (cls[i] === Cls.Short) value = -BOILER_WEIGHT * b.linkChars;
    else value = len - (1 + BOILER_WEIGHT) * b.linkChars;
    score[b.owner.index] += value;
  }
  for (let i = elements.length - 1; i > 0; i--) score[elements[i].parent!.index] += score[i];
  let best = 0;
  for (let i = 1; i < elements.length; i++) if (score[i] > score[best]) best = i;
  let region = elements[best];
  while (region.parent && score[region.parent.index] >= CLIMB_RATIO * score[best]) region = region.parent;
  return region;
}
