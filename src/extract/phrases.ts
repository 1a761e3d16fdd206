import type { Block } from "./blocks.js";
import type { El } from "./dom.js";

/**
 * Boilerplate recognised by its text rather than its markup: many sites give related-post
 * lists, comment forms and newsletter boxes no telling class. The phrases are the standard
 * wordings of WordPress and common CMS themes and of news sites in the languages of our
 * stop-word lists; trafilatura's evaluation set marks them as must-not-have text. A block
 * matches when the phrase is (almost) all of it: the same words inside a sentence are prose.
 */

/** Headings that open a section of furniture: the rest of that section goes with them. */
const SECTION_OPENERS = [
  // en
  "related posts?", "related articles?", "related stories", "related content", "related", "more stories", "more from", "more on this",
  "you (?:may|might) also like", "recommended(?: for you)?", "read (?:also|next)", "also read", "trending",
  "most (?:read|popular|viewed)", "popular posts", "recent posts", "latest (?:news|posts|stories)", "comments?", "\\d+ comments?",
  "leave a (?:reply|comment)", "post a comment", "add a comment", "join the (?:discussion|conversation)",
  "about the author", "subscribe to (?:our|the) newsletter", "sign up for (?:our|the) newsletter", "newsletter", "tags", "categories",
  // de
  "ähnliche (?:beiträge|artikel)", "verwandte (?:beiträge|artikel|themen)", "weitere (?:beiträge|artikel|themen|nachrichten)",
  "mehr zum thema", "mehr (?:aus|von|zu)\\b.*", "das könnte (?:dich|sie) (?:auch|ebenfalls)? ?(?:noch )?interessieren", "lesen sie auch", "lies auch",
  "auch interessant", "empfohlene(?:r)? (?:artikel|beiträge|inhalte?)", "beliebte (?:beiträge|artikel)", "neueste beiträge", "kommentare?",
  "\\d+ kommentare?", "schreibe(?:n sie)? einen kommentar", "kommentar (?:schreiben|verfassen)", "hinterlasse einen kommentar",
  "über (?:den|die) autor(?:in)?", "newsletter(?:-?anmeldung| abonnieren)", "schlagwörter", "schlagworte",
  // fr
  "articles? (?:similaires|liés|connexes)", "à lire aussi", "lire aussi", "sur le même sujet", "vous aimerez (?:aussi|peut-être aussi)",
  "commentaires?", "laisser un commentaire", "laissez un commentaire", "inscrivez-vous à (?:notre|la) newsletter",
  // es / pt / it
  "artículos relacionados", "noticias relacionadas", "te puede interesar", "también te puede interesar", "lee también", "comentarios?",
  "deja un comentario", "dejar un comentario", "artigos relacionados", "deixe um comentário", "comentários",
  "articoli correlati", "lascia un commento", "commenti",
  // Links to the rest of the site, and boxes of additional information beside the text.
  "alle (?:artikel|beiträge)(?: (?:zu|und|über)\\b.*)?", "all (?:articles|posts|stories)(?: (?:on|about|by)\\b.*)?", "zusatzinformationen",
  // Contact boxes closing press releases and news items.
  "kontakt", "pressekontakt", "ansprechpartner(?:in)?", "(?:press |media )?contacts?", "contact us", "contacto", "contact presse",
  // Appeals to support the outlet head a box of fund-raising text.
  "support (?:our|independent|quality) journalism", "unterstützen sie (?:unseren|unabhängigen) journalismus", "soutenez (?:notre|le) journalisme(?: \\S+)?",
  "apoya (?:el|nuestro) periodismo(?: \\S+)?", "apoie (?:o|nosso) jornalismo(?: \\S+)?",
  // nl / pl
  "gerelateerde (?:artikelen|berichten)", "reacties", "laat een reactie achter", "podobne (?:artykuły|wpisy)", "zobacz (?:też|także)",
  "czytaj (?:też|także)", "komentarze", "dodaj komentarz",
];

/** Lines that are boilerplate on their own: consent, legal, credits and sharing prompts. */
const LINE_PHRASES = [
  "gefällt mir(?: wird geladen| lade)?.{0,10}", "like this", "(?:liken|like) (?:lade|loading).{0,5}", "(?:wird geladen|loading|lade)", "advert(?:isement)?", "(?:zeilenumbrüche und absätze werden automatisch erzeugt|lines and paragraphs break automatically)",
  "share(?: this(?: article| post| story)?)?", "(?:diesen (?:beitrag|artikel) )?teilen(?: mit)?", "partager(?: cet article)?", "compartir(?: en)?", "condividi",
  "see also", "read more",
  "(?:we|this (?:site|website)) uses? cookies\\b.*", "wir verwenden cookies\\b.*", "diese (?:website|seite) verwendet cookies\\b.*",
  "(?:nous )?utilis(?:ons|e) des cookies\\b.*", "(?:usamos|utilizamos) cookies\\b.*", "korzystamy z (?:plików )?cookies\\b.*",
  "(?:©|\\(c\\)|copyright\\b).*", "all rights reserved\\.?", "alle rechte vorbehalten\\.?", "tous droits réservés\\.?", "todos los derechos reservados\\.?",
  "(?:photo|foto|bild|image|picture|credit|quelle|fuente|source|kuva|zdjęcie|fot)s?\\s?:.{0,60}", "(?:share|teilen|partager|compartir) (?:on|auf|sur|en) \\w+",
  "follow us(?: on)?\\b.{0,40}", "folge(?:n sie)? uns\\b.{0,40}", "(?:sign up|subscribe)(?: now)?(?: to| for)? (?:our|the) newsletter\\b.{0,80}",
  // Calls to action that close articles: follow the outlet, support it, subscribe for more.
  "follow .{1,40} on (?:twitter|facebook|instagram|telegram|linkedin|youtube)\\b.{0,80}", "subscribe now\\b.{0,80}",
  "if you (?:enjoyed|liked|like) (?:reading )?this (?:post|article|story)\\b.{0,200}",
  "newsletter ?anmeldung", "zum newsletter anmelden\\b.{0,40}", "ist dieser beitrag hilfreich\\??", "was this (?:article|page) helpful\\??",
  "(?:posted|published|veröffentlicht|erstellt|aktualisiert|updated)(?: am| on| by| von)?:? .{0,60}", "zuletzt aktualisiert.{0,40}",
  "(?:anzeige|werbung|advertisement|publicidad|publicité)",
  // Stay-informed prompts.
  "stay (?:up[- ]to[- ]date|informed|in touch|connected)\\b.{0,60}", "(?:immer )?informiert bleiben", "bleiben sie (?:informiert|auf dem laufenden)\\b.{0,60}", "auf dem laufenden bleiben",
  // Calls to read on elsewhere (paywalls, excerpts of feeds).
  "(?:hier |zum )?weiterlesen", "mehr lesen\\b.{0,40}", "(?:pour )?lire la suite\\b.{0,80}", "continue reading\\b.{0,60}", "leer más", "czytaj (?:dalej|więcej)",
  // Donation appeals.
  "jede (?:kleine )?spende\\b.{0,80}", "jetzt spenden\\b.{0,40}", "(?:please )?donate(?: now| today)?", "support (?:our|independent) journalism\\b.{0,80}",
  // Prompts to log in before commenting and licence notes of forums and blogs.
  "(?:you must be|du musst|sie müssen) (?:logged in|eingeloggt|angemeldet)\\b.{0,80}",
  "(?:this|these|all|dieser|diese|dieses|alle) .{0,60}(?:licen[sc]ed|lizenz(?:iert)?|creative commons|cc[- ]by)\\b.{0,80}",
  // Labels of pictures and embeds, and release metadata.
  "(?:titelbild|titelfoto|beitragsbild|aufmacherbild|featured image|cover image)\\s?:.{0,80}", "(?:empfohlener|externer) (?:redaktioneller )?inhalt", "(?:release|publication) date\\s?:?.{0,40}",
];

/**
 * Lines whose telling words may come after a few others: a short line naming a newsletter heads
 * its sign-up box, as does a promise of news "straight to your inbox"; "read the rest" and app
 * downloads close feed excerpts; "13 Besucher sind online" counts a forum's visitors. Kept apart
 * from `LINE_PHRASES` and tried only when their keyword occurs: a leading wildcard in the one big
 * pattern would make it slow on every block.
 */
const INNER_LINE_PHRASES = [
  ".{0,30}newsletter.{0,20}", ".{0,80}read the rest\\b.{0,60}", ".{0,80}download (?:the|our) .{0,40}apps?\\b.{0,40}",
  ".{0,40}\\b(?:besucher|gäste|users?|guests?|visitors?|members?|mitglieder) (?:sind |are |is )?online\\b.{0,80}",
  ".{0,80}\\b(?:straight|directly|right) to your (?:inbox|phone|mailbox)\\b.{0,60}", ".{0,80}\\bdirekt (?:in|auf) (?:dein|ihr|euer) (?:e-mail-)?(?:postfach|handy|smartphone)\\b.{0,20}",
];
const INNER_KEYWORD = /newsletter|read the rest|download|online|inbox|phone|mailbox|postfach|handy/;

const MAX_LINE = 120;
/** A closing paragraph that opens by sending the reader to the outlet's social accounts, however it goes on. */
const FOLLOW_US = /^\W{0,3}follow (?:us|.{1,40}) on (?:twitter|facebook|instagram|telegram|linkedin|youtube|tiktok)\b/iu;
const MAX_OPENER = 60;
const OPENER = new RegExp(`^(?:${SECTION_OPENERS.join("|")})$`, "u");
const LINE = new RegExp(`^(?:${LINE_PHRASES.join("|")})$`, "u");
const INNER_LINE = new RegExp(`^(?:${INNER_LINE_PHRASES.join("|")})$`, "u");

function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\s\u00a0]+/g, " ")
    .replace(/^[\s\-–—|:•»>#]+|[\s:.!?…»›>\-–—|()\d]+$/gu, "");
}

/** A photo credit at the end of a caption ("… Foto: Timur | flickr", "…Credit: EPA"). */
const CREDIT = /(?:^|[\s.|:)])(?:photos?|fotos?|bild|kuva|credits?|image|quelle|source|crédit|zdjęcie|fot)\s?:\s?\S.{0,60}$|getty images\W*$/iu;
const CAPTION_DEPTH = 3;
/** A caption numbered or labelled as a figure ("Abbildung 4: …", "Fig. 2: …"), wherever it sits. */
const CAPTION_LABEL = /^(?:abbildung|abb\.|figure|fig\.|grafik|schaubild|chart|illustration)(?:\s?\d+)?\s?:/iu;

/**
 * A request for the reader's consent to data use: the placeholder of an embed blocked until the
 * reader agrees ("ohne dein Einverständnis keine Verbindung zu Twitter"), or the privacy note of a
 * form. It names both an agreement and privacy, cookies or third-party content; a consent banner
 * is no part of the text in any language.
 */
const CONSENT = /einverst(?:ändnis|anden)|zustimm|stimme .{0,40}\bzu\b|akzeptier|\bconsent|\bagree to|\baccept|blockiert|\bblocked/u;
const PRIVACY = /datenschutz(?:erklärung|bestimmung|richtlinie|hinweis|einstellung)|privatsphäre\b|\bprivacy\b|\bcookies?\b|externe[nr]? inhalte|third[- ]party|drittanbieter|drittplattform|(?:personenbezogene|persönliche)n? daten/u;
const MAX_CONSENT = 400;

function asksConsent(t: string): boolean {
  return PRIVACY.test(t) && CONSENT.test(t);
}

export const enum Phrase {
  None = 0,
  /** A furniture line on its own. */
  Line = 1,
  /** A heading that opens a furniture section ("Related posts", "Leave a reply", …). */
  Opener = 2,
  /** A figure's caption ("Figure 1: …", "… Photo: Reuters"): furniture set inside the text. */
  Caption = 3,
}

/**
 * An unfilled template placeholder (`%d bloggers like this:`, `{{count}} comments`): a widget's
 * text that a script fills in, shipped in the page before it ran. Not prose in any language.
 */
const PLACEHOLDER = /%[ds]\b|\{\{[^}]*\}\}/;

/** What the block's whole text says about it (only short blocks and captions are read). */
export function phraseOf(b: Block): Phrase {
  if (b.text.length <= MAX_LINE) {
    const t = normalise(b.text);
    if (t.length > 0) {
      if (b.text.length <= MAX_OPENER && OPENER.test(t)) return Phrase.Opener;
      if (LINE.test(t) || OPENER.test(t) || PLACEHOLDER.test(b.text) || (INNER_KEYWORD.test(t) && INNER_LINE.test(t))) return Phrase.Line;
    }
  }
  if (b.text.length <= 2 * MAX_LINE && FOLLOW_US.test(b.text)) return Phrase.Line;
  if (b.text.length <= 2 * MAX_LINE && CAPTION_LABEL.test(b.text)) return Phrase.Caption;
  if (b.text.length <= MAX_CONSENT && asksConsent(b.text.toLowerCase())) return Phrase.Line;
  return isCreditedCaption(b) ? Phrase.Caption : Phrase.None;
}

/** Figure captions that carry a photo credit describe the picture, not the story. */
function isCreditedCaption(b: Block): boolean {
  let inFigure = false;
  for (let e: El | null = b.owner, d = 0; e && d <= CAPTION_DEPTH; e = e.parent, d++) {
    if (e.tag === "figure" || e.tag === "figcaption") inFigure = true;
  }
  return inFigure && b.text.length <= 2 * MAX_LINE + 200 && CREDIT.test(b.text);
}

/**
 * Blocks removed by their text, by index: boilerplate lines, and section openers with every
 * later block of the section they open. The section is the opener's parent, or its grandparent
 * when the parent holds nothing but the opener (a heading wrapped in its own `<div>`). An opener
 * must start its section, and the section must hold less than half of the page's prose (`good`
 * characters per block): a "Comments" heading inside the article's own container is not one.
 */
export function boilerplateByText(blocks: readonly Block[], phrases: Uint8Array, good: readonly number[]): Uint8Array {
  const out = new Uint8Array(blocks.length);
  let total = 0;
  for (const g of good) total += g;
  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i];
    if (out[i] || phrases[i] === Phrase.None) continue;
    out[i] = 1;
    if (phrases[i] !== Phrase.Opener) continue;
    const section = sectionOf(b.owner, blocks, i);
    if (!section || (i > 0 && contains(section, blocks[i - 1].owner))) continue;
    let end = i + 1;
    let sectionGood = 0;
    for (; end < blocks.length && contains(section, blocks[end].owner); end++) sectionGood += good[end];
    if (sectionGood * 2 >= total) continue;
    for (let j = i + 1; j < end; j++) out[j] = 1;
  }
  return out;
}

function sectionOf(owner: El, blocks: readonly Block[], i: number): El | null {
  const parent = owner.parent;
  if (!parent || parent.parent === null) return null;
  const onlyOpener = (i + 1 >= blocks.length || !contains(parent, blocks[i + 1].owner)) && (i === 0 || !contains(parent, blocks[i - 1].owner));
  const section = onlyOpener ? parent.parent : parent;
  return section.parent === null || section.tag === "body" || section.tag === "html" ? null : section;
}

function contains(ancestor: El, el: El): boolean {
  for (let e: El | null = el; e; e = e.parent) if (e === ancestor) return true;
  return false;
}
