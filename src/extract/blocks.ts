import type { El, Page } from "./dom.js";
import { BLOCK_TAGS, HEADING_TAGS } from "./hints.js";
import { STOP_WORDS } from "./stopwords.js";

export type BlockKind = "p" | "heading" | "item" | "row" | "pre";

/** A run of text between block boundaries, with the statistics the classifiers read. */
export interface Block {
  text: string;
  kind: BlockKind;
  /** Nearest block-level element holding the text. */
  owner: El;
  /** Characters that lie inside links. */
  linkChars: number;
  words: number;
  stopWords: number;
  /** Sentence and clause punctuation: prose has it, menus and tag lists rarely do. */
  punct: number;
}

const WORD = /[\p{L}\p{N}]+/gu;
const PUNCT = /[.,;:!?。，、；！？]/g;

/**
 * Flattens the tree into blocks in document order. Block elements end the current block;
 * `<br>` becomes a newline inside it; table cells holding only inline content are joined into
 * one row (`a | b | c`), while cells holding blocks (layout tables) act as plain containers.
 */
export function toBlocks(page: Page): Block[] {
  const hasBlock = blockDescendants(page.elements);
  const blocks: Block[] = [];
  let parts: string[] = [];
  let chars = 0;
  let linkChars = 0;
  let inLink = 0;
  let inPre = 0;

  const flush = (owner: El) => {
    if (chars > 0) {
      const text = tidy(parts.join(""), inPre > 0 || owner.tag === "pre");
      if (text) blocks.push(measure(text, owner, kindOf(owner), Math.min(linkChars, text.length)));
    }
    parts = [];
    chars = 0;
    linkChars = 0;
  };

  const append = (s: string) => {
    parts.push(s);
    const visible = s.trim().length;
    chars += visible;
    if (inLink > 0) linkChars += visible;
  };

  const walk = (el: El, owner: El) => {
    const tag = el.tag;
    const cellInline = (tag === "td" || tag === "th") && !hasBlock[el.index];
    const isBlock = BLOCK_TAGS.has(tag) && !cellInline;
    if (isBlock) flush(owner);
    else if (cellInline && chars > 0) append(" | ");
    else if (tag === "br") append("\n");
    const inner = isBlock ? el : owner;
    if (tag === "a") inLink++;
    if (tag === "pre") inPre++;
    for (const child of el.children) {
      if (typeof child === "string") append(inPre > 0 ? child : child.replace(/\s+/g, " "));
      else walk(child, inner);
    }
    if (tag === "a") inLink--;
    if (tag === "pre") inPre--;
    if (isBlock) flush(el);
  };
  walk(page.root, page.root);
  flush(page.root);
  return blocks;
}

/** For each element (by index): does it contain a block-level element? Children come after parents in `elements`. */
function blockDescendants(elements: El[]): Uint8Array {
  const flags = new Uint8Array(elements.length);
  for (let i = elements.length - 1; i > 0; i--) {
    const el = elements[i];
    if (el.parent && (flags[i] || BLOCK_TAGS.has(el.tag))) flags[el.parent.index] = 1;
  }
  return flags;
}

function kindOf(owner: El): BlockKind {
  if (HEADING_TAGS.has(owner.tag)) return "heading";
  if (owner.tag === "li" || owner.tag === "dd" || owner.tag === "dt") return "item";
  if (owner.tag === "tr") return "row";
  if (owner.tag === "pre") return "pre";
  return "p";
}

/** Collapses spaces per line, trims lines, keeps at most one blank line from `<br><br>`. */
function tidy(raw: string, pre: boolean): string {
  const lines = raw.split("\n").map((l) => (pre ? l.trimEnd() : l.replace(/[ \t\f\r\u00a0]+/g, " ").trim()));
  return lines
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .replace(/^\n+|\n+$/g, "");
}

function measure(text: string, owner: El, kind: BlockKind, linkChars: number): Block {
  let words = 0;
  let stopWords = 0;
  for (const m of text.matchAll(WORD)) {
    words++;
    if (STOP_WORDS.has(m[0].toLowerCase())) stopWords++;
  }
  const punct = text.match(PUNCT)?.length ?? 0;
  return { text, kind, owner, linkChars, words, stopWords, punct };
}
