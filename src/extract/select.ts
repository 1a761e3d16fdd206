import type { Block } from "./blocks.js";
import { Cls } from "./classify.js";
import type { El } from "./dom.js";
import { CONTENT_TAGS, HEADING_TAGS, Hint } from "./hints.js";

/**
 * Weight of boilerplate against content when choosing the region: a region is worth its good
 * characters minus this many times its boilerplate characters. At 1, an enclosing element is
 * preferred as long as it adds more content than furniture; in-region filtering removes the rest.
 */
const BOILER_WEIGHT = 1;
/**
 * Climb to an ancestor that scores this close to the best: it keeps ledes and closing lines. An
 * ancestor that loses more than 7% to boilerplate adds a box of links, not the article's edges.
 */
const CLIMB_RATIO = 0.93;
/**
 * The page's longest good paragraph outside the best element overrides it when longer than this
 * share of the best element's score: a region that one paragraph elsewhere nearly outweighs is
 * a box of short blurbs (a dialog, product notes) or a fragment of the article, not the article.
 */
const DENSE_BLOCK_SHARE = 0.5;
/** A sibling of the region joins it when it scores above this share of the region. */
const SIBLING_SHARE = 0.2;

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
 * The elements that best hold the main content: the maximum of good − weight × boilerplate over
 * all elements (sums over the blocks inside, computed bottom-up in one pass), or the best ancestor
 * of a paragraph that nearly outweighs it (`denseBlockRegion`), then the highest
 * ancestor scoring nearly as well, followed by its siblings dense in content (`textSiblings`).
 * Good text is that of good and near-good blocks outside furniture; boilerplate is link text, bad
 * blocks and furniture.
 */
export function selectRegion(elements: readonly El[], blocks: readonly Block[], cls: readonly Cls[], furniture: Uint8Array): El[] {
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
  best = denseBlockRegion(elements, blocks, cls, furniture, score, best);
  best = mainLandmark(elements, score, best);
  let region = elements[best];
  while (region.parent && score[region.parent.index] >= CLIMB_RATIO * score[best]) region = region.parent;
  return [region, ...textSiblings(region, score, furniture)];
}

/**
 * Index of the element to start the climb from: `best`, unless the longest good paragraph outside
 * furniture lies outside it and holds more than `DENSE_BLOCK_SHARE` of its score; then the
 * best-scoring ancestor of that paragraph.
 */
function denseBlockRegion(elements: readonly El[], blocks: readonly Block[], cls: readonly Cls[], furniture: Uint8Array, score: Float64Array, best: number): number {
  let top: Block | null = null;
  let topChars = 0;
  for (let i = 0; i < blocks.length; i++) {
    const chars = blocks[i].text.length - blocks[i].linkChars;
    if (cls[i] !== Cls.Good || chars <= topChars || inFurniture(blocks[i], furniture, null)) continue;
    top = blocks[i];
    topChars = chars;
  }
  if (!top || topChars <= DENSE_BLOCK_SHARE * score[best]) return best;
  let alt = top.owner;
  for (let el: El | null = top.owner; el; el = el.parent) {
    if (el === elements[best]) return best;
    if (el.parent && score[el.index] > score[alt.index]) alt = el;
  }
  return alt.index;
}

/**
 * Siblings of the region that hold a good share of content themselves: articles split into
 * several sibling containers (lede, body, closing box), which the climb misses when the parent
 * also holds boilerplate. After Readability's sibling merge, which takes siblings scoring at
 * least a fifth of the top candidate. Furniture is left out, and so are headings: a page title
 * beside the body is not article text (ScrapingHub's ground truth never holds the headline).
 */
function textSiblings(region: El, score: Float64Array, furniture: Uint8Array): El[] {
  const parent = region.parent;
  if (!parent || parent.parent === null) return [];
  const min = SIBLING_SHARE * score[region.index];
  return parent.children.filter(
    (c): c is El => typeof c !== "string" && c !== region && !furniture[c.index] && !HEADING_TAGS.has(c.tag) && score[c.index] > min,
  );
}

/** The page's `<main>` outweighs a better element outside it when it scores above this share of it. */
const MAIN_SHARE = 0.5;

/**
 * `best`, unless the page has one `<main>` that neither holds nor lies inside `best` and scores
 * above `MAIN_SHARE` of it; then the best element inside that `<main>`. The author marked it as
 * the page's main content (trafilatura too looks in such containers first); what outweighs it
 * elsewhere is a list of teaser cards beside or below a short article.
 */
function mainLandmark(elements: readonly El[], score: Float64Array, best: number): number {
  const mains = elements.filter((el) => el.tag === "main");
  if (mains.length !== 1) return best;
  const main = mains[0];
  for (let el: El | null = elements[best]; el; el = el.parent) if (el === main) return best;
  for (let el: El | null = main.parent; el; el = el.parent) if (el === elements[best]) return best;
  if (score[main.index] <= MAIN_SHARE * score[best]) return best;
  // Elements are listed in document order, parents first: main's descendants follow it, up to
  // the first element whose parent comes before it.
  let alt = main.index;
  for (let i = main.index + 1; i < elements.length && elements[i].parent!.index >= main.index; i++) if (score[i] > score[alt]) alt = i;
  return alt;
}
