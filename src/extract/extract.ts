import { toBlocks, type Block } from "./blocks.js";
import { Cls, intrinsicClass, reviseClasses } from "./classify.js";
import { parsePage, type El, type ParseLimits } from "./dom.js";
import { BOILERPLATE_TAGS, Hint } from "./hints.js";
import { boilerplateByText, Phrase, phraseOf } from "./phrases.js";
import { render } from "./render.js";
import { furnitureElements, selectRegion } from "./select.js";
import { teaserBlocks } from "./teasers.js";

export interface Extracted {
  /** Main text; empty when the page has none. */
  text: string;
  title: string;
  description: string;
  /** `<html lang>` as written. */
  lang: string;
}

/**
 * Bounds for one page. Deterministic (counts, not wall-clock time), so the same page fails the
 * same way on every machine; with them, parsing work is linear in the page size.
 * Large real pages stay far below them: a long Wikipedia article has about 30,000 elements and
 * nests under 40 deep.
 */
export const DEFAULT_LIMITS: ParseLimits = { maxNodes: 250_000, maxDepth: 1_000 };

/** Below this share of stop words over the whole page, our lists do not cover its language. */
const MIN_PAGE_STOP_DENSITY = 0.08;

/**
 * HTML → main text. Parses into a light tree (furniture tags and hidden parts left out),
 * flattens it into blocks, classifies blocks jusText-style, chooses the element that best
 * holds the content, and keeps that region's good blocks outside furniture.
 */
export function extractMainText(html: string, limits: ParseLimits): Extracted {
  const page = parsePage(html, limits);
  const blocks = toBlocks(page);
  const useStopWords = pageStopDensity(blocks) >= MIN_PAGE_STOP_DENSITY;
  const cls = blocks.map((b) => intrinsicClass(b, useStopWords));
  const phrases = Uint8Array.from(blocks, phraseOf);
  const byText = boilerplateByText(blocks, phrases, blocks.map((b, i) => (cls[i] === Cls.Good || cls[i] === Cls.NearGood ? b.text.length - b.linkChars : 0)));
  const teasers = teaserBlocks(blocks, cls, page.elements);
  for (let i = 0; i < blocks.length; i++) if (byText[i] || teasers[i]) cls[i] = Cls.Bad;
  const furniture = furnitureElements(page.elements);
  let kept = mainText(page.elements, blocks, cls, furniture, phrases);
  // Pages made only of short blocks (recipes, photo posts, fact sheets) have no good block to
  // anchor the region: try again with short text free of links counted as content.
  if (kept.length === 0) kept = mainText(page.elements, blocks, cls.map((c, i) => (c === Cls.Short && blocks[i].linkChars === 0 ? Cls.NearGood : c)), furniture, phrases);
  let text = render(kept);
  // Furniture hints are guesses: on a page with little text, one misread hint (a live ticker named
  // like comments, a `<header>` that holds the whole article) costs most of it.
  // When a pass that trusts only one-word furniture names and landmark roles (`sidebar`,
  // `role=navigation`) gives more than twice the text and all of ours, take it, as trafilatura
  // takes its fallback's text when its own is short.
  if (text.length < SHORT_TEXT) {
    const named = furniture.map((f, i) => (f && page.elements[i].hint === Hint.Furniture && !BOILERPLATE_TAGS.has(page.elements[i].tag) ? 1 : 0));
    const wider = mainText(page.elements, blocks, cls, named, phrases);
    const alt = render(wider);
    const all = new Set(wider);
    if (alt.length > 2 * text.length && kept.every((b) => all.has(b))) text = alt;
  }
  return { text, title: page.title, description: page.description, lang: page.lang };
}

/** Main text shorter than this (characters) is checked against a pass that trusts fewer furniture hints. */
const SHORT_TEXT = 1000;

/** The kept blocks of the region, in order. */
function mainText(elements: readonly El[], blocks: readonly Block[], cls: readonly Cls[], furniture: Uint8Array, phrases: Uint8Array): Block[] {
  const isPart = new Uint8Array(elements.length);
  for (const part of selectRegion(elements, blocks, cls, furniture)) isPart[part.index] = 1;
  const inside: Block[] = [];
  const insideCls: Cls[] = [];
  const insidePhrases: Phrase[] = [];
  const lede = standfirst(blocks, cls, isPart, furniture);
  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i];
    if (i !== lede && !inRegion(b, isPart, furniture, b.kind === "p" && cls[i] === Cls.Good)) continue;
    inside.push(b);
    insideCls.push(cls[i]);
    insidePhrases.push(phrases[i]);
  }
  const keep = reviseClasses(inside, insideCls, insidePhrases);
  const end = contentEnd(inside, keep, insidePhrases);
  return inside.slice(0, end).filter((_, i) => keep[i]);
}

/**
 * Where the article ends inside the region: at the first section opener ("Related posts",
 * "Leave a reply") that comes after most of the kept text. Whatever follows it in the region is
 * the page's tail (comments, more stories), however prose-like.
 */
function contentEnd(blocks: readonly Block[], keep: readonly boolean[], phrases: readonly Phrase[]): number {
  let total = 0;
  for (let i = 0; i < blocks.length; i++) if (keep[i]) total += blocks[i].text.length;
  let before = 0;
  for (let i = 0; i < blocks.length; i++) {
    if (phrases[i] === Phrase.Opener && before * 2 > total) return i;
    if (keep[i]) before += blocks[i].text.length;
  }
  return blocks.length;
}

/**
 * True for blocks inside one of the region's parts and inside no furniture below that part. Prose
 * in the `<header>` of an `<article>` is the exception: that is the standfirst under the headline,
 * while the header's title, byline and date stay out.
 */
function inRegion(b: Block, isPart: Uint8Array, furniture: Uint8Array, prose: boolean): boolean {
  let clean = true;
  for (let el: El | null = b.owner; el; el = el.parent) {
    if (isPart[el.index]) return clean;
    if (furniture[el.index] && !(prose && isArticleHeader(el))) clean = false;
  }
  return false;
}

/** How many elements up from a paragraph its standfirst class may sit (`div.intro > div > p`). */
const INTRO_DEPTH = 3;

/**
 * Index of the article's standfirst when the region left it out, else -1: the first good
 * paragraph or subheading (a deck set as `<h2>`) after the page's headline (`<h1>`) and before the
 * region, outside lists, figures and furniture, when its class names an intro. Sites set the
 * standfirst apart from the body (an intro box under the title), so the region, chosen by text
 * mass, often starts below it. An element named as an intro is not furniture here, though a
 * `<header>` or a weak furniture word (`lead teasertext`) makes it so elsewhere.
 */
function standfirst(blocks: readonly Block[], cls: readonly Cls[], isPart: Uint8Array, furniture: Uint8Array): number {
  let first = 0;
  while (first < blocks.length && !hasAncestor(blocks[first].owner, (el) => isPart[el.index] === 1)) first++;
  let h1 = first - 1;
  while (h1 >= 0 && !hasAncestor(blocks[h1].owner, (el) => el.tag === "h1")) h1--;
  if (h1 < 0) return -1;
  for (let i = h1 + 1; i < first; i++) {
    const b = blocks[i];
    if (cls[i] !== Cls.Good || (b.kind !== "p" && b.kind !== "heading")) continue;
    let named = false;
    for (let el: El | null = b.owner, k = 0; el && k < INTRO_DEPTH; el = el.parent, k++) named ||= el.intro;
    const plain = !hasAncestor(b.owner, (el) => (furniture[el.index] === 1 && !el.intro) || el.tag === "li" || el.tag === "figure");
    return named && plain ? i : -1;
  }
  return -1;
}

function hasAncestor(el: El | null, test: (el: El) => boolean): boolean {
  for (; el; el = el.parent) if (test(el)) return true;
  return false;
}

function isArticleHeader(el: El): boolean {
  if (el.tag !== "header") return false;
  for (let e = el.parent; e; e = e.parent) if (e.tag === "article") return true;
  return false;
}

function pageStopDensity(blocks: readonly Block[]): number {
  let words = 0;
  let stops = 0;
  for (const b of blocks) {
    words += b.words;
    stops += b.stopWords;
  }
  return words === 0 ? 0 : stops / words;
}
