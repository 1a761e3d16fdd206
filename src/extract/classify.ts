import type { Block } from "./blocks.js";
import type { El } from "./dom.js";
import { Phrase } from "./phrases.js";

/** jusText's block classes (Pomikálek 2011, "Removing Boilerplate and Duplicate Content from Web Corpora", ch. 3). */
export const enum Cls {
  Bad = 0,
  Short = 1,
  NearGood = 2,
  Good = 3,
  /** Prose dense in links: content only between good blocks (see `isLinkedProse`). */
  LinkedProse = 4,
}

/**
 * Thresholds in the spirit of jusText's defaults (short below 70 characters, link density 0.2),
 * with the stop-word density lowered because our stop-word lists are short (the top ~50 words
 * per language cover about a third of running prose, full lists about half). jusText also
 * requires 200 characters for "good"; we do not, since the region chosen around a block
 * supplies the context that length stands in for (news paragraphs are often 80–150 characters).
 */
const LENGTH_LOW = 70;
const MAX_LINK_DENSITY = 0.33;
const STOP_LOW = 0.15;
/** Above this share of link text even a sentence is a link list (teaser lists run 0.7–1). */
const MAX_PROSE_LINK_DENSITY = 0.7;
/** Up to this share of link text, text without function words is still data, not a link list. */
const MAX_DATA_LINK_DENSITY = 0.1;
/**
 * Text followed within this many characters by a good block makes a heading good (jusText's
 * max_heading_distance, 200 there). Half of it here: headings further from kept text mostly open
 * furniture sections ("Stay up to date", "More for you"); 100 scored better than 200 on every
 * half of both benchmarks. The search also stops at the next heading: a heading right above
 * another heads no text of its own (the title over a group of boxes: "Newsletter", "Contact").
 */
const HEADING_DISTANCE = 100;

/**
 * Class of a block from its own statistics. `useStopWords` is false for pages whose language our
 * lists do not cover, where only length and links can decide (jusText's language-independent mode).
 */
export function intrinsicClass(b: Block, useStopWords: boolean): Cls {
  const len = b.text.length;
  const linkDensity = b.linkChars / len;
  const proseish = useStopWords ? b.stopWords / Math.max(1, b.words) : b.punct > 0 ? 1 : 0;
  if (linkDensity > MAX_LINK_DENSITY) return isLinkedProse(b, linkDensity, proseish) ? Cls.LinkedProse : Cls.Bad;
  if (len < LENGTH_LOW) return Cls.Short;
  if (proseish >= STOP_LOW) return Cls.Good;
  // Long text without function words: a list of names, dates or places. Mostly links, it is a
  // menu or tag list; with few or none (one linked name), it is data the page shows (tour dates,
  // ingredients, features), kept in context.
  return b.punct * 40 >= len || linkDensity <= MAX_DATA_LINK_DENSITY ? Cls.NearGood : Cls.Bad;
}

/**
 * Sentences that carry several links (a news digest, a list of sources) are dense in links yet
 * read as prose: long, with function words and sentence punctuation in the text outside the links.
 */
function isLinkedProse(b: Block, linkDensity: number, proseish: number): boolean {
  return b.text.length >= LENGTH_LOW && linkDensity <= MAX_PROSE_LINK_DENSITY && proseish >= STOP_LOW && b.punct >= 2;
}

/**
 * Context-sensitive revision, after jusText's: a short block takes the class of its nearest
 * non-short neighbours when they agree; near-good blocks are good unless both neighbours are bad;
 * headings are good when good text follows closely. Unlike jusText, list items and table rows
 * between a good block and the end of the region count as good: lists and tables close many
 * articles, and the region was already chosen as content; so do the short lines that sign it off.
 * Lists are judged as units (see `dataLists`, `keepListMates`).
 */
export function reviseClasses(blocks: readonly Block[], intrinsic: readonly Cls[], phrases: readonly Phrase[]): boolean[] {
  const n = blocks.length;
  const cls = dataLists(blocks, intrinsic);
  const neighbour = (i: number, step: number, skipNearGood: boolean, skipCaptions = false): Cls | undefined => {
    for (let j = i + step; j >= 0 && j < n; j += step) {
      const c = cls[j];
      if (c === Cls.Short || (skipNearGood && (c === Cls.NearGood || c === Cls.LinkedProse)) || (skipCaptions && phrases[j] === Phrase.Caption)) continue;
      return c;
    }
    return undefined;
  };
  const out = cls.slice();
  for (let i = 0; i < n; i++) {
    if (cls[i] !== Cls.Short) continue;
    const prev = neighbour(i, -1, true) ?? Cls.Bad;
    const next = neighbour(i, 1, true) ?? Cls.Bad;
    if (prev === Cls.Good && next === Cls.Good) out[i] = Cls.Good;
    else if (prev === Cls.Bad && next === Cls.Bad) out[i] = Cls.Bad;
    else if (neighbour(i, -1, false) === Cls.NearGood || neighbour(i, 1, false) === Cls.NearGood) out[i] = Cls.Good;
    else if (isListLike(blocks[i]) && prev === Cls.Good && neighbour(i, 1, true) === undefined) out[i] = Cls.Good;
    else out[i] = Cls.Bad;
  }
  // The region's edges do not count against near-good blocks: the region was chosen as content.
  // Nor do figure captions: a figure sits inside the text, so its caption beside a code listing
  // or a formula is no sign that the block is furniture.
  for (let i = 0; i < n; i++) {
    if (cls[i] !== Cls.NearGood) continue;
    const prev = neighbour(i, -1, true, true);
    const next = neighbour(i, 1, true, true);
    out[i] = prev === Cls.Bad && next === Cls.Bad ? Cls.Bad : Cls.Good;
  }
  for (let i = 0; i < n; i++) {
    if (cls[i] !== Cls.LinkedProse) continue;
    out[i] = neighbour(i, -1, true) === Cls.Good && neighbour(i, 1, true) === Cls.Good ? Cls.Good : Cls.Bad;
  }
  const keep = out.map((c) => c === Cls.Good);
  keepListMates(blocks, cls, keep);
  for (let i = 0; i < n; i++) {
    if (blocks[i].kind !== "heading" || keep[i] || cls[i] === Cls.Bad) continue;
    let distance = 0;
    for (let j = i + 1; j < n && distance <= HEADING_DISTANCE; j++) {
      if (keep[j]) {
        keep[i] = true;
        break;
      }
      if (blocks[j].kind === "heading") break;
      distance += blocks[j].text.length;
    }
  }
  keepSignOff(blocks, cls, keep);
  reviseLeadIns(blocks, cls, keep);
  return keep;
}

/**
 * Short lines right after the region's last kept block close the article ("Have a nice
 * Sunday!", "x Anna", "The editors"): jusText drops them, having no good text after them, but
 * the region ends there. The run ends at the first heading (a new section) or longer block; lone
 * words ("Advertisement", an agency code such as "aja/PAP": one token, however many words it
 * counts) and labels ("Photo: …", "Tags:") in it are furniture.
 */
function keepSignOff(blocks: readonly Block[], cls: readonly Cls[], keep: boolean[]): void {
  const last = keep.lastIndexOf(true);
  if (last < 0) return;
  for (let i = last + 1; i < blocks.length && cls[i] === Cls.Short && blocks[i].kind !== "heading"; i++) {
    keep[i] = blocks[i].words >= 2 && /\s/.test(blocks[i].text.trim()) && !LABEL.test(blocks[i].text);
  }
}

/**
 * A short line ending in a colon introduces the block after it ("The best part comes now:",
 * "For blind people:"), so it goes with that block when it is kept. A bare label of one or two
 * words ("Contact:", "Release date:") is never kept: the data after it stands without it.
 */
function reviseLeadIns(blocks: readonly Block[], cls: readonly Cls[], keep: boolean[]): void {
  for (let i = blocks.length - 1; i >= 0; i--) {
    if (cls[i] !== Cls.Short || !blocks[i].text.endsWith(":")) continue;
    if (BARE_LABEL.test(blocks[i].text)) keep[i] = false;
    else if (i + 1 < blocks.length && keep[i + 1]) keep[i] = true;
  }
}

/** One or two words and a colon open a metadata line ("Published: …", "Photo credits : …"). */
const LABEL = /^[^\s:]+(?:\s+[^\s:]+)?\s*:/;
const BARE_LABEL = new RegExp(LABEL.source + "$");

/**
 * A list or table is one unit: when some of its items are kept, its short items are too
 * (a bullet list of findings, a recipe's steps), whatever their neighbours say.
 */
function keepListMates(blocks: readonly Block[], cls: readonly Cls[], keep: boolean[]): void {
  const kept = new Set<El | null>();
  for (let i = 0; i < blocks.length; i++) if (keep[i] && isListLike(blocks[i])) kept.add(blocks[i].owner.parent);
  kept.delete(null);
  for (let i = 0; i < blocks.length; i++) {
    if (cls[i] === Cls.Short && isListLike(blocks[i]) && kept.has(blocks[i].owner.parent)) keep[i] = true;
  }
}

const MIN_DATA_ITEMS = 3;

/**
 * A list or table of a few items none of which is mostly a link is data the page shows (findings,
 * specs, ingredients), not navigation: its short items are near-good, kept unless bad text frames
 * them. So are its short items that are dense in links only for one linked word ("200 g [sugar]").
 */
function dataLists(blocks: readonly Block[], cls: readonly Cls[]): Cls[] {
  const count = new Map<El, number>();
  const linked = new Set<El>();
  for (const b of blocks) {
    const list = b.owner.parent;
    if (!list || !isListLike(b)) continue;
    count.set(list, (count.get(list) ?? 0) + 1);
    if (b.linkChars * 2 > b.text.length) linked.add(list);
  }
  return cls.map((c, i) => {
    const list = blocks[i].owner.parent;
    const b = blocks[i];
    const partlyLinked = c === Cls.Bad && b.text.length < LENGTH_LOW && b.linkChars > 0 && b.linkChars * 2 <= b.text.length;
    return (c === Cls.Short || partlyLinked) && isListLike(b) && list && !linked.has(list) && (count.get(list) ?? 0) >= MIN_DATA_ITEMS ? Cls.NearGood : c;
  });
}

function isListLike(b: Block): boolean {
  return b.kind === "item" || b.kind === "row";
}
