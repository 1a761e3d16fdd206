import type { Block } from "./blocks.js";
import { Cls } from "./classify.js";
import type { El } from "./dom.js";

/** A title this long that is all link names another page. */
const MIN_TITLE = 15;
/** This many titled items make a list of teasers rather than a list in the article. */
const MIN_ITEMS = 3;
/** How far above a title, and above a teaser's prose, the list item may sit. */
const MAX_DEPTH = 5;

/**
 * Blocks of prose that tease other pages, by index: the good text inside the items of a list
 * (`<ul>`/`<ol>`) in which at least three items carry a title that is all link, as in "more
 * stories" rails and archive lists. Their descriptions carry no links themselves and read as
 * prose, so neither the classes nor the region see them as boilerplate.
 */
export function teaserBlocks(blocks: readonly Block[], cls: readonly Cls[], elements: readonly El[]): Uint8Array {
  const titledItems = new Uint32Array(elements.length);
  const titled = new Uint8Array(elements.length);
  for (const b of blocks) {
    if (b.linkChars < b.text.length || b.text.length < MIN_TITLE) continue;
    const item = itemAbove(b.owner);
    if (item && !titled[item.index]) {
      titled[item.index] = 1;
      titledItems[item.parent!.index]++;
    }
  }
  const out = new Uint8Array(blocks.length);
  for (let i = 0; i < blocks.length; i++) {
    if (cls[i] !== Cls.Good && cls[i] !== Cls.NearGood) continue;
    const item = itemAbove(blocks[i].owner);
    if (item && titled[item.index] && titledItems[item.parent!.index] >= MIN_ITEMS) out[i] = 1;
  }
  return out;
}

function itemAbove(el: El): El | null {
  for (let e: El | null = el, d = 0; e && e.parent && d <= MAX_DEPTH; e = e.parent, d++) if (e.tag === "li") return e;
  return null;
}
