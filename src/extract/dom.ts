import { Parser } from "htmlparser2";
import { BOILERPLATE_ROLES, BOILERPLATE_TAGS, Hint, hintOf, isHidden, namesIntro, SKIP_TAGS } from "./hints.js";

/**
 * A light tree built while htmlparser2's SAX parser streams over the page: only what the
 * extractor needs (tag, hint, children, text), no attributes kept, hidden parts left out.
 */
export interface El {
  tag: string;
  parent: El | null;
  children: (El | string)[];
  hint: Hint;
  /** Its class or id names a standfirst (`namesIntro`). */
  intro: boolean;
  /** Index in `Page.elements`, which lists elements parents first. */
  index: number;
}

export interface Page {
  root: El;
  elements: El[];
  title: string;
  description: string;
  lang: string;
}

export interface ParseLimits {
  /** More elements than this: the page is pathological and parsing stops with an error. */
  maxNodes: number;
  /** Nesting deeper than this: same (htmlparser2's open-element stack costs O(depth) per tag). */
  maxDepth: number;
}

export class ExtractLimitError extends Error {}

export function parsePage(html: string, limits: ParseLimits): Page {
  const root: El = { tag: "#root", parent: null, children: [], hint: Hint.None, intro: false, index: 0 };
  const elements: El[] = [root];
  let current = root;
  // Depth of the parser's stack, and of elements not in the tree (skipped or dropped):
  // while `hiddenDepth` > 0 nothing is kept.
  let depth = 0;
  let hiddenDepth = 0;
  const ignored: boolean[] = [];
  let title = "";
  let inTitle = false;
  let description = "";
  let ogDescription = "";
  let ogTitle = "";
  let lang = "";

  const parser = new Parser(
    {
      onopentag(name, attribs) {
        if (++depth > limits.maxDepth) throw new ExtractLimitError(`HTML nested deeper than max_depth=${limits.maxDepth}`);
        if (name === "title" && !title) inTitle = true;
        else if (name === "meta") readMeta(attribs);
        else if (name === "html" && !lang && attribs.lang) lang = attribs.lang.trim();
        const drop = hiddenDepth > 0 || SKIP_TAGS.has(name) || isHidden(attribs);
        ignored.push(drop);
        if (drop) {
          hiddenDepth++;
          return;
        }
        if (elements.length >= limits.maxNodes) throw new ExtractLimitError(`HTML has more than max_nodes=${limits.maxNodes} elements`);
        const idClass = (attribs.class ?? "") + " " + (attribs.id ?? "");
        // Furniture tags stay in the tree: some sites wrap the whole article in `<aside>` or `<header>`.
        const furnitureTag = BOILERPLATE_TAGS.has(name) || (attribs.role !== undefined && BOILERPLATE_ROLES.has(attribs.role.toLowerCase()));
        const hint = furnitureTag ? Hint.Furniture : name === "body" || name === "html" ? Hint.None : hintOf(idClass.trim());
        const intro = namesIntro(idClass);
        const el: El = { tag: name, parent: current, children: [], hint, intro, index: elements.length };
        elements.push(el);
        current.children.push(el);
        current = el;
      },
      onclosetag(name) {
        depth--;
        if (name === "title") inTitle = false;
        const drop = ignored.pop();
        if (drop) hiddenDepth--;
        else if (current.parent) current = current.parent;
      },
      ontext(text) {
        if (inTitle) title += text;
        else if (hiddenDepth === 0) current.children.push(text);
      },
    },
    { decodeEntities: true },
  );

  function readMeta(a: Record<string, string>) {
    const key = (a.name ?? a.property ?? "").toLowerCase();
    const content = a.content;
    if (content === undefined) return;
    if (key === "description" && !description) description = content;
    else if (key === "og:description" && !ogDescription) ogDescription = content;
    else if (key === "og:title" && !ogTitle) ogTitle = content;
  }

  parser.end(html);
  return {
    root,
    elements,
    title: collapse(title) || collapse(ogTitle),
    description: collapse(description) || collapse(ogDescription),
    lang,
  };
}

function collapse(s: string): string {
  return s.replace(/\s+/g, " ").trim();
}
