/**
 * What tag names and class/id/role values say about an element. The vocabulary follows what
 * Mozilla Readability (`REGEXPS.unlikelyCandidates`, `positive`, `negative` in Readability.js)
 * and trafilatura (`MANUALLY_CLEANED` in settings.py, the boilerplate XPaths in xpaths.py) look
 * for; the rules that use it are ours.
 */

/** Elements whose content is never text: skipped while parsing. */
export const SKIP_TAGS = new Set([
  "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed", "canvas",
  "select", "option", "optgroup", "textarea", "button", "datalist", "dialog", "head", "audio", "video",
  "picture", "map", "applet", "frameset", "frame", "input", "label", "title",
]);

/**
 * Page furniture by definition (HTML sectioning semantics), unless it wraps `<article>` or `<main>`.
 * Figure captions count too: both benchmarks' ground truths leave them out of the article (of the
 * captions we used to keep, ScrapingHub's truth holds 2 of 55, trafilatura's must-have 6 of 61).
 */
export const BOILERPLATE_TAGS = new Set(["nav", "aside", "footer", "menu", "header", "figcaption"]);

/** ARIA landmark roles of page furniture. */
export const BOILERPLATE_ROLES = new Set([
  "navigation", "menu", "menubar", "banner", "contentinfo", "complementary", "dialog", "alertdialog", "search", "toolbar",
]);

/** Elements that start a new block of text; every other element is inline. */
export const BLOCK_TAGS = new Set([
  "html", "body", "address", "article", "blockquote", "center", "dd", "details", "dir", "div", "dl", "dt",
  "fieldset", "figcaption", "figure", "form", "h1", "h2", "h3", "h4", "h5", "h6", "hgroup", "hr", "li",
  "main", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr",
  "ul", "caption", "legend", "nav", "aside", "footer", "menu", "header",
]);

export const HEADING_TAGS = new Set(["h1", "h2", "h3", "h4", "h5", "h6"]);

/** Tags that mark the main content by their meaning. */
export const CONTENT_TAGS = new Set(["article", "main"]);

/**
 * Class/id words that mark furniture. Matched at the start of a word of the class or id (words
 * split at non-letters and camelCase), so `comments`, `shareButtons` and `post-related` match but
 * `broadcast` does not match `ad`. Strong words mark furniture whatever else the class says;
 * weak ones are common in layout classes (`elementor-widget`, `article-body pagination-first`)
 * and lose against a content word in the same attribute, as in Readability, where positive and
 * negative class weights cancel. `caption` and `legend` classes mark figure captions outside
 * `<figcaption>` (`wp-caption-text`, `media__caption`, `mainContent__legend`, `icaption`), as do
 * German `bildunterschrift`/`bilduntertitel`/`bildtext`, `imagedescription`, and the photo's
 * `credit` or `copyright` line. One-word metadata classes (`postmetadata` of WordPress's classic
 * themes) would otherwise read as content by their `post` prefix. `aside` names the
 * same column as the `<aside>` tag; `disclosure` and `disclaimer` boxes are the site's legal notes
 * (affiliate links, sponsored products), not the article. `print` is no furniture word: it names
 * the printable part of a page (`tip-print-step`, `print-recipe`), while print buttons are short
 * links that the classifier drops anyway.
 */
const STRONG_NEGATIVE =
  /^(?:nav|menu|breadcrumb|footer|sidebar|aside|disclos|disclaimer|cookie|consent|gdpr|share|sharing|social|comment|disqus|respond|repl(?:y|ies)|related|recommend|promo|sponsor|advert|ads?$|adslot|newsletter|subscri|signup|popup|modal|outbrain|taboola|trending|popular|[a-z]*caption|legend|bildunter|bildtext|imagedesc|credit|copyright|postmeta|entrymeta|metadata)/;
const WEAK_NEGATIVE =
  /^(?:header|masthead|banner|overlay|pagination|pager|tags?$|tagcloud|byline|author|meta$|dateline|skip|login|search|toolbar|tools?$|hidden|sr$|screen|teaser|more$|read$|next$|prev)/;

/** Class/id words that mark the main content. */
const POSITIVE = /^(?:article|content|entry|hentry|main|post|story|text|body|blog)/;

export const enum Hint {
  None = 0,
  Positive = 1,
  Negative = 2,
  /** A furniture tag, landmark role or one-word furniture name: furniture unless it encloses an `<article>` or `<main>`. */
  Furniture = 3,
}

/** A class list that WordPress's `post_class()` wrote: it marks the post's own container. */
const POST_CLASSES = /(?:^|\s)(?:hentry|post-\d+|type-[\w-]+)(?=\s|$)/;
/** Taxonomy slugs in such a list (`category-popular`, `tag-social-media`) name topics, not page parts. */
const TAXONOMY_CLASS = /(?:^|\s)(?:category|tag)-\S+/g;

/**
 * A class or id of one word, letters only, that starts with a furniture word names that part of
 * the page (`sidebar`, `comments`, `navLinks`): like a `<nav>` tag, only an enclosed `<article>` or
 * `<main>` excuses it. Compound names (`has-sidebar`, `content-sidebar-wrap`) are how layout
 * wrappers around the article are named, and keep the softer rule. Sharing words are left out:
 * alone they describe a feature of the element (`entry share`), not a part of the page.
 */
function namesFurniture(token: string): boolean {
  if (!/^[A-Za-z]+$/.test(token)) return false;
  const word = token.toLowerCase();
  return STRONG_NEGATIVE.test(word) && !FEATURE_WORD.test(word);
}
const FEATURE_WORD = /^(?:share|sharing|social)/;
/**
 * Author boxes (`author-box`, `post-author-bio`, `about-the-author`): the writer's profile after
 * the article. `author` alone is a weak word, as bylines inside the article carry it too.
 */
const AUTHOR_BOX = /author[-_]?(?:box|bio|info|desc|about|profile|card)|about[-_]?(?:the[-_]?)?author/i;

/**
 * Cookie and consent banners (`cookie-law-info-bar`, `gdpr-notice`) never wrap the article, so a
 * content-like class inside them (`cli-plugin-main-button`) does not excuse them.
 */
const CONSENT = /(?:^|[^a-z])(?:cookie|consent|gdpr)/i;

/** Hint from the class and id attributes of one element. */
export function hintOf(classAndId: string): Hint {
  if (classAndId.length === 0) return Hint.None;
  let positive = false;
  let weak = false;
  const own = POST_CLASSES.test(classAndId) ? classAndId.replace(TAXONOMY_CLASS, " ") : classAndId;
  for (const token of own.split(/\s+/)) if (namesFurniture(token)) return Hint.Furniture;
  if (CONSENT.test(own)) return Hint.Furniture;
  if (AUTHOR_BOX.test(own)) return Hint.Negative;
  for (const word of words(own)) {
    if (STRONG_NEGATIVE.test(word)) return Hint.Negative;
    if (POSITIVE.test(word)) positive = true;
    else if (WEAK_NEGATIVE.test(word)) weak = true;
  }
  return positive ? Hint.Positive : weak ? Hint.Negative : Hint.None;
}

/** Class/id words that name an article's standfirst: the summary paragraph set under the headline. */
const INTRO = /^(?:intro|lead$|lede|standfirst|summary|abstract|excerpt|teaser|chapo|descr|subtitle|deck$|dek$)/;
/** Cheap test first: most class lists hold none of these letters in a row. */
const INTRO_ANYWHERE = /intro|lead|lede|standfirst|summary|abstract|excerpt|teaser|chapo|descr|subtitle|dec?k/i;

/** True when a word of the class or id names a standfirst (`article-intro`, `leadText`, `chapo`). */
export function namesIntro(classAndId: string): boolean {
  return INTRO_ANYWHERE.test(classAndId) && words(classAndId).some((w) => INTRO.test(w));
}

function words(s: string): string[] {
  return s
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter((w) => w.length > 0);
}

/**
 * Utility classes that CSS frameworks define as `display: none` (Bootstrap `d-none`, `hidden`,
 * `invisible`; Bulma `is-hidden`; Foundation `hide`), matched as whole class names.
 */
const HIDDEN_CLASS = /(?:^|\s)(?:hidden|d-none|is-hidden|hide|invisible)(?=\s|$)/;
/** A responsive class that shows the element again from some screen width on (`sm:block`, `d-md-flex`). */
const SHOWN_FROM = /(?:^|\s)(?:[a-z]+:(?:block|flex|grid|inline|inline-block|inline-flex|table)|d-(?:sm|md|lg|xl|xxl)-(?!none)[a-z-]+)(?=\s|$)/;

/** Inline `style`, attributes or utility classes that hide an element from readers. */
export function isHidden(attribs: Record<string, string>): boolean {
  if ("hidden" in attribs || attribs["aria-hidden"] === "true") return true;
  const cls = attribs.class;
  if (cls !== undefined && HIDDEN_CLASS.test(cls) && !SHOWN_FROM.test(cls)) return true;
  const style = attribs.style;
  return style !== undefined && /(?:display\s*:\s*none|visibility\s*:\s*hidden)/i.test(style);
}
