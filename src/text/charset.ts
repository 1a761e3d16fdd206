import { isAscii, isUtf8 } from "node:buffer";
import { TextDecoder } from "node:util";

/**
 * Bytes of a web page → text. The encoding comes from, in order: a byte order mark, the HTTP
 * Content-Type charset, a `<meta>` charset near the start of an HTML page, then detection
 * (valid UTF-8 first, else the best-scoring legacy encoding, else windows-1252). Decoding uses
 * Node's ICU-backed TextDecoder, which resolves labels per the WHATWG Encoding standard
 * (`x-sjis` → shift_jis, `gb2312` → gbk, `latin1` → windows-1252) and never throws on bad bytes.
 */
export interface Decoded {
  text: string;
  /** WHATWG name of the encoding used, e.g. "utf-8", "euc-jp". */
  charset: string;
}

/** How far into an HTML page to look for `<meta charset>` (browsers use 1 KiB; long inline scripts push it later). */
const META_SCAN_BYTES = 4096;
/** Detection looks at this much of the page… */
const DETECT_BYTES = 64 * 1024;
/** …and scores this much of its non-ASCII text: enough for a stable score, cheap to decode seven times. */
const SAMPLE_BYTES = 8 * 1024;

export function decodeHtml(bytes: Uint8Array, contentType?: string): Decoded {
  return decodeWith(bytes, contentType, true);
}

/** For plain text (e.g. WET conversions): no `<meta>` scan. */
export function decodeText(bytes: Uint8Array, contentType?: string): Decoded {
  return decodeWith(bytes, contentType, false);
}

function decodeWith(bytes: Uint8Array, contentType: string | undefined, html: boolean): Decoded {
  const charset = bomCharset(bytes) ?? declaredCharset(bytes, contentType, html) ?? detectCharset(bytes);
  return { text: decoder(charset).decode(bytes), charset };
}

function bomCharset(b: Uint8Array): string | undefined {
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return "utf-8";
  if (b[0] === 0xfe && b[1] === 0xff) return "utf-16be";
  if (b[0] === 0xff && b[1] === 0xfe) return "utf-16le";
  return undefined;
}

/**
 * The first usable declaration (HTTP, then meta). Declarations are often wrong in one common way:
 * a server default (`iso-8859-1`, or `utf-8`) over a page written in another encoding. So a
 * declaration that the bytes contradict is passed over: bytes that are valid UTF-8 with non-ASCII
 * content are UTF-8 whatever the label says (legacy text is almost never valid multi-byte UTF-8),
 * and a UTF-8 label on bytes that are mostly not UTF-8 falls through to the next source.
 */
function declaredCharset(bytes: Uint8Array, contentType: string | undefined, html: boolean): string | undefined {
  const fromHttp = contentType ? charsetParam(contentType) : undefined;
  const fromMeta = html ? metaCharset(bytes) : undefined;
  for (const [label, isMeta] of [[fromHttp, false], [fromMeta, true]] as const) {
    let charset = label && encodingOf(label);
    if (!charset) continue;
    // WHATWG: a meta tag cannot declare UTF-16, since it was read as ASCII.
    if (isMeta && charset.startsWith("utf-16")) charset = "utf-8";
    if (charset === "utf-8") {
      if (mostlyUtf8(bytes)) return charset;
      continue;
    }
    if (!charset.startsWith("utf-16") && !isAscii(bytes) && isUtf8(bytes)) return "utf-8";
    return charset;
  }
  return undefined;
}

/** Canonical WHATWG encoding name of a label, or undefined when Node cannot decode it. */
export function encodingOf(label: string): string | undefined {
  const clean = label.trim().toLowerCase().replace(/^["']|["']$/g, "");
  for (const l of [clean, EXTRA_LABELS[clean], clean.replace(/_/g, "-")]) {
    if (!l) continue;
    try {
      return decoder(l).encoding;
    } catch {
      // not a label Node knows; try the next spelling
    }
  }
  return undefined;
}

/** Labels seen on real pages that the WHATWG list lacks (Windows code page names). */
const EXTRA_LABELS: Record<string, string> = {
  cp932: "shift_jis", "shift-jis": "shift_jis", "x-shift_jis": "shift_jis",
  cp936: "gbk", ms936: "gbk", cp949: "euc-kr", cp950: "big5", big5hkscs: "big5",
};

export function charsetParam(contentType: string): string | undefined {
  return /;\s*charset\s*=\s*["']?([^"';,\s]+)/i.exec(contentType)?.[1];
}

/** Charset of a `<meta charset>` or `<meta http-equiv … content="…charset=…">` near the start, outside comments. */
export function metaCharset(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, META_SCAN_BYTES))
    .toString("latin1")
    .replace(/<!--[\s\S]*?(?:-->|$)/g, "");
  for (const tag of head.matchAll(/<meta\s[^>]*>/gi)) {
    const m = /charset\s*=\s*["']?\s*([^"'\s;>/]+)/i.exec(tag[0]);
    if (m) return m[1];
  }
  return undefined;
}

/** UTF-8 when the bytes are (nearly) valid UTF-8, else the legacy encoding whose decoding reads best. */
export function detectCharset(bytes: Uint8Array): string {
  const head = bytes.length > DETECT_BYTES ? bytes.subarray(0, DETECT_BYTES) : bytes;
  const sample = nonAsciiSample(head);
  if (sample.length === 0) return isIso2022Jp(head) ? "iso-2022-jp" : "utf-8";
  if (mostlyUtf8(sample)) return "utf-8";
  let best = "windows-1252";
  let bestScore = score(decoder(best).decode(sample));
  for (const candidate of CANDIDATES) {
    const s = score(decoder(candidate).decode(sample));
    if (s > bestScore) [best, bestScore] = [candidate, s];
  }
  return best;
}

/**
 * The runs of non-ASCII bytes, each with one byte of context on either side (a double-byte
 * code's second byte may be ASCII, and a Latin accent's neighbours matter), joined by spaces, up
 * to SAMPLE_BYTES: the ASCII markup of a page says nothing about its encoding and would only
 * slow the seven decodings down.
 */
function nonAsciiSample(b: Uint8Array): Uint8Array {
  const out = new Uint8Array(SAMPLE_BYTES);
  let n = 0;
  let i = 0;
  while (i < b.length && n < SAMPLE_BYTES - 2) {
    if (b[i] < 0x80) {
      i++;
      continue;
    }
    let end = i;
    // A run ends at two ASCII bytes in a row: one may be the second byte of a double-byte code.
    while (end < b.length && (b[end] >= 0x80 || (end + 1 < b.length && b[end + 1] >= 0x80))) end++;
    const from = Math.max(0, i - 1);
    const to = Math.min(b.length, end + 1, from + SAMPLE_BYTES - 1 - n);
    out.set(b.subarray(from, to), n);
    n += to - from;
    out[n++] = 0x20;
    i = to;
  }
  return out.subarray(0, n);
}

/** Legacy encodings detection chooses from (besides the windows-1252 default). */
const CANDIDATES = ["shift_jis", "euc-jp", "gb18030", "big5", "windows-1251", "koi8-r"];

/**
 * Valid UTF-8, allowing a sequence cut at the end (truncated records) and a few stray bytes:
 * fewer than 1 replacement per 20 non-ASCII characters. Legacy text fails this by far.
 */
function mostlyUtf8(bytes: Uint8Array): boolean {
  if (isUtf8(bytes) || (bytes.length > 3 && isUtf8(bytes.subarray(0, lastCharStart(bytes))))) return true;
  const text = decoder("utf-8").decode(bytes.length > DETECT_BYTES ? bytes.subarray(0, DETECT_BYTES) : bytes);
  let bad = 0;
  let nonAscii = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0xfffd) bad++;
    else if (c >= 0x80) nonAscii++;
  }
  return bad * 20 < nonAscii;
}

/** Index where the last (possibly incomplete) UTF-8 sequence starts. */
function lastCharStart(b: Uint8Array): number {
  let i = b.length - 1;
  while (i > 0 && b.length - i < 4 && (b[i] & 0xc0) === 0x80) i--;
  return i;
}

/** ISO-2022-JP is 7-bit ASCII: only its escape sequences (ESC $ B, ESC $ @, ESC ( J) reveal it. */
function isIso2022Jp(b: Uint8Array): boolean {
  const buf = Buffer.from(b.buffer, b.byteOffset, b.length);
  return buf.includes("\x1b$B") || buf.includes("\x1b$@") || buf.includes("\x1b(J");
}

/**
 * How much a decoding reads like real text; decodings of the same bytes are compared. A wrong
 * decoding of CJK bytes gives replacement characters, half-width katakana or rare ideographs; a
 * right one gives kana and frequent ideographs. A single-byte misreading of CJK or of another
 * Cyrillic code page gives box drawing, symbols and capitals inside words; real Cyrillic comes in
 * lower-case runs, and real accented Latin letters sit next to ASCII letters.
 */
function score(text: string): number {
  let s = 0;
  let prevKind = OTHER;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const kind = KIND[c];
    switch (kind) {
      case INVALID: s -= 5; break;
      case KANA: s += 3; break;
      case HAN_FREQUENT: s += 4; break;
      case CJK_PUNCT: s += 1; break;
      case HALF_KANA: s -= 1; break;
      case CYR_LOWER: s += prevKind === CYR_LOWER || prevKind === CYR_UPPER ? 1.5 : 0.5; break;
      case CYR_UPPER: s += prevKind === CYR_LOWER ? -1 : 0.5; break;
      case LATIN: s += prevKind === ASCII_LETTER || KIND[text.charCodeAt(i + 1)] === ASCII_LETTER ? 2 : 0; break;
      case SYMBOL: s -= 1; break;
    }
    prevKind = kind;
  }
  return s;
}

/**
 * About 850 frequent ideographs of Chinese (simplified and traditional) and Japanese
 * running text. Frequent characters make up most of real text, while a wrong decoding
 * lands on any of ~20,000 code points, so the hit rate separates right from wrong.
 */
const FREQUENT_HAN = new Set(
  [
    // simplified Chinese, most frequent first
    "的一是不了在人有我他这个们中来上大为和国地到以说时要就出会可也你对生能而子那得于着下自之年过发后作里用道行所然家种事成方多经么去法学如都同现当没动面起看定天分还进好小部其些主样理心她本前开但因只从想实日军者意无力它与长把机十民第公此已工使情明性知全三又关点正业外将两高间由问很最重并物手应战向头文体政美相见被利什二等产或新己制身果加西斯月话合回特代内信表化老给世位次度门任常先海通教儿原东声提立及比员解水名真论处走义各入几口认条平系气题活尔更别打女变四神总何电数安少报才结反受目太量再感建务做接必场件计管期市直德资命山金指克许统区保至队形社便空决治展马科司五基眼书非则听白却界达光放强即像难且权思王象完设式色路记南品住告类求据程北边死张该交规万取拉格望觉术领共确传师观清今切院让识候带导争运笑飞风步改收根干造言联持组每济车亲极林服快办议往元英士证近失转夫令准布始怎呢存未远叫台单影具罗字爱击流备兵连调深商算质团集百需价花党华城石级整府离况亚请技际约示复病息究线似官火断精满支视消越器容照须九增研写称企八功吗包片史委乎查轻易早曾除农找装广显吧阿李标谈吃图念六引历首医局突专费号尽另周较注语仅考落青随选列",
    // traditional forms of frequent characters
    "這個們來為國說時對會過發後裡開從現當動麼學經種還進點關業將兩問長見爾電變題與總頭體無機實內應戰義東聲員條氣別數報結樣書幾認門場間計買軍隊讓讀話語請謝記設產際處廣漢華號價專區導師醫務網頁線圖歡車錢銀樂劇臺灣視聽節識證議館陽風飛馬魚鳥齊龍",
    // Japanese shinjitai forms
    "円県駅売様込払楽図転広読総届営鉄雑覧辺単価緒渋沢亜悪圧囲壱隠栄塩応欧殴穏仮絵拡覚渇巻陥関歓観気帰戯犠旧拠挙峡狭暁駆勲径茎恵掲渓経蛍軽継鶏芸撃倹剣険圏検献権顕験厳効恒鉱済砕斎剤参桟蚕惨賛残糸歯児辞湿実釈寿収従獣縦粛処暑叙奨焼証乗浄剰畳縄壌嬢譲醸触嘱寝慎粋酔髄枢瀬静斉摂窃専浅戦践銭潜繊禅双壮荘捜挿巣僧層騒増臓蔵属続堕対帯滞滝択団弾遅昼虫鋳庁聴鎮伝灯盗稲闘徳独弐悩脳廃梅麦発髪抜蛮秘浜仏並塀変弁舗歩宝豊翻毎満黙薬訳予余誉揺謡頼乱竜両猟緑塁涙励礼霊齢暦歴恋炉労楼郎禄湾",
  ].join("").split("").map((ch) => ch.charCodeAt(0)),
);

/** Kinds of characters for `score`, looked up in a table of the Basic Multilingual Plane. */
const OTHER = 0, ASCII_LETTER = 1, INVALID = 2, KANA = 3, HAN_FREQUENT = 4, CJK_PUNCT = 5, HALF_KANA = 6, CYR_LOWER = 7, CYR_UPPER = 8, LATIN = 9, SYMBOL = 10;

const KIND = buildKinds();

function buildKinds(): Uint8Array {
  const k = new Uint8Array(0x10000);
  const range = (from: number, to: number, kind: number) => k.fill(kind, from, to + 1);
  range(0x80, 0xffff, SYMBOL); // by default a non-ASCII character is a symbol nobody writes…
  range(0x41, 0x5a, ASCII_LETTER);
  range(0x61, 0x7a, ASCII_LETTER);
  range(0x80, 0x9f, INVALID); // C1 controls
  k[0xfffd] = INVALID;
  range(0xc0, 0x24f, LATIN);
  k[0xd7] = k[0xf7] = SYMBOL; // × ÷
  range(0x0400, 0x042f, CYR_UPPER);
  range(0x0430, 0x045f, CYR_LOWER);
  range(0x3040, 0x30ff, KANA);
  range(0x4e00, 0x9fff, OTHER); // …except ideographs (neutral unless frequent)…
  for (const c of FREQUENT_HAN) k[c] = HAN_FREQUENT;
  range(0x3000, 0x303f, CJK_PUNCT);
  range(0xff01, 0xff5e, CJK_PUNCT); // full-width forms
  range(0xff61, 0xff9f, HALF_KANA); // half-width katakana: mostly EUC-JP read as Shift_JIS
  // …and the punctuation of real text: no-break space, « » © ® ° ·, dashes, quotes, …, ‰ ‹ › € № ™.
  for (const c of [0xa0, 0xa9, 0xab, 0xae, 0xb0, 0xb7, 0xbb, 0x2030, 0x2039, 0x203a, 0x20ac, 0x2116, 0x2122]) k[c] = OTHER;
  range(0x2010, 0x2027, OTHER);
  return k;
}

interface Decoder {
  encoding: string;
  decode(bytes: Uint8Array): string;
}

const decoders = new Map<string, Decoder>();

/** One decoder per encoding: construction is costly and decode() keeps no state between calls. */
function decoder(label: string): Decoder {
  let d = decoders.get(label);
  if (!d) {
    const icu = new TextDecoder(label, { fatal: false });
    d = icu.encoding === "windows-1252" ? WINDOWS_1252 : icu.encoding === "utf-8" ? UTF_8 : icu;
    decoders.set(label, d);
    decoders.set(d.encoding, d);
  }
  return d;
}

/**
 * Node ≥ 20.18.3 decodes windows-1252 (and its labels latin1, ascii, iso-8859-1) as ISO-8859-1,
 * turning 0x80–0x9F into C1 controls instead of € ‚ ƒ „ … ’ “ ” – — ™ (nodejs/node#60888). So
 * windows-1252 is Latin-1 plus the WHATWG table for those 32 bytes.
 */
const CP1252_C1 = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
].map((c) => String.fromCharCode(c));

/** Buffer's UTF-8 decoding is faster than TextDecoder's and gives the same text (BOM removed as TextDecoder does). */
const UTF_8: Decoder = {
  encoding: "utf-8",
  decode(bytes) {
    const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
    return Buffer.from(bytes.buffer, bytes.byteOffset + bom, bytes.length - bom).toString("utf8");
  },
};

const WINDOWS_1252: Decoder = {
  encoding: "windows-1252",
  decode(bytes) {
    const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString("latin1");
    return /[\x80-\x9f]/.test(text) ? text.replace(/[\x80-\x9f]/g, (c) => CP1252_C1[c.charCodeAt(0) - 0x80]) : text;
  },
};
