/**
 * English word tokenization and sentence counting, reproducing what datatrove 0.10 uses for
 * `en`: spaCy's blank English pipeline (`spacy.blank("en")`) with the rule-based `sentencizer`
 * (datatrove `utils/word_tokenizers.py` `SpaCyTokenizer`). The algorithm is spaCy v3's
 * `Tokenizer` (`spacy/tokenizer.pyx`): split on whitespace, then per chunk peel prefixes and
 * suffixes, stop at special cases, then split infixes; the rules are spaCy's
 * `lang/punctuation.py`, `lang/en/punctuation.py` and `lang/char_classes.py`.
 *
 * Tokens are spans of the input, never copied. Two simplifications, both rare in practice:
 * character classes are Unicode categories rather than spaCy's hand-listed ranges, and special
 * cases glued to other text by affixes (`smile:)`) are not re-merged (spaCy's special-case
 * matcher pass).
 */
import {
  ALPHA, ALPHA_LOWER, ALPHA_UPPER, ICON, PUNCT, SENTENCE_END_CHARS, codePointAt, codePointSet,
  codePointStartBefore, flagsOf, isSpaceCode,
} from "./chars.js";
import type { Spans } from "./lines.js";
import { MAX_SPECIAL_LENGTH, SPECIAL_CASES, mayBeSpecial } from "./spacy-exceptions.js";
import { TextCache } from "./text-cache.js";

const PUNCT_CHARS = "…,:;!?¿؟¡()[]{}<>_#*&。？！，、；：～·।،۔؛٪";
const QUOTE_CHARS = "'\"”“`‘´’‚,„»«「」『』（）〔〕【】《》〈〉〈〉⟦⟧";
const CURRENCY_CHARS = "$£€¥฿₽﷼₴₠₡₢₣₤₥₦₧₨₩₪₫₭₮₯₰₱₲₳₵₶₷₸₹₺₻₼₾₿";
const CURRENCIES = [...CURRENCY_CHARS, "US$", "C$", "A$"];
const UNITS = (
  "km km² km³ m m² m³ dm dm² dm³ cm cm² cm³ mm mm² mm³ ha µm nm yd in ft kg g mg µg t lb oz m/s km/h kmh " +
  "mph hPa Pa mbar mb MB kb KB gb GB tb TB T G M K % км км² км³ м м² м³ дм дм² дм³ см см² см³ мм мм² мм³ нм " +
  "кг г мг м/с км/ч кПа Па мбар Кб КБ кб Мб МБ мб Гб ГБ гб Тб ТБ " +
  // spaCy's list lacks a space here, so "тб" and "كم" are one unit.
  "тбكم كم² كم³ م م² م³ سم سم² سم³ مم مم² مم³ كم غرام جرام جم كغ ملغ كوب اكواب"
).split(" ");

const PREFIX_CHARS = codePointSet("§%=—–" + PUNCT_CHARS + QUOTE_CHARS + CURRENCY_CHARS);
const SUFFIX_CHARS = codePointSet(PUNCT_CHARS + QUOTE_CHARS + "—–");
/** Characters after which a final "." is split off (the lookbehind of spaCy's period suffix), besides lowercase letters. */
const PERIOD_AFTER = codePointSet("0123456789%²-+|(?:)" + PUNCT_CHARS + QUOTE_CHARS);
const QUOTES = codePointSet(QUOTE_CHARS);
/** Digit-preceded suffixes (currencies, units), longest first so the first hit is the longest. */
const DIGIT_SUFFIXES = [...new Set([...CURRENCIES, ...UNITS])].sort((a, b) => b.length - a.length);
const MAX_DIGIT_SUFFIX = DIGIT_SUFFIXES[0].length;
const DIGIT_SUFFIX_SET = new Set(DIGIT_SUFFIXES);

// spaCy `URL_MATCH` (lang/tokenizer_exceptions.py, after Diego Perini's URL regex, MIT).
const URL_MATCH = new RegExp(
  String.raw`^(?:(?:[\w+\-.]{2,}):\/\/)?(?:\S+(?::\S*)?@)?(?:(?!(?:10|127)(?:\.\d{1,3}){3})` +
    String.raw`(?!(?:169\.254|192\.168)(?:\.\d{1,3}){2})(?!172\.(?:1[6-9]|2\d|3[0-1])(?:\.\d{1,3}){2})` +
    String.raw`(?:[1-9]\d?|1\d\d|2[01]\d|22[0-3])(?:\.(?:1?\d{1,2}|2[0-4]\d|25[0-5])){2}` +
    String.raw`(?:\.(?:[1-9]\d?|1\d\d|2[0-4]\d|25[0-4]))|(?:(?:[A-Za-z0-9\u00a1-\uffff][A-Za-z0-9\u00a1-\uffff_-]{0,62})?` +
    String.raw`[A-Za-z0-9\u00a1-\uffff]\.)+(?:[\p{Ll}\p{Lo}]{2,63}))(?::\d{2,5})?(?:[\/?#]\S*)?$`,
  "u",
);

/** Classes of ASCII characters for the tokenizer's fast paths. */
const OTHER = 0;
const LETTER = 1;
const SPACE = 2;
/** A suffix character that nothing else can extend after letters: `word,` is `word` `,`. */
const SIMPLE_SUFFIX = 3;
const PERIOD = 4;
const ASCII_KIND = new Uint8Array(0x80);
for (let c = 0; c < 0x80; c++) {
  const ch = String.fromCharCode(c);
  ASCII_KIND[c] = isSpaceCode(c) ? SPACE : /[A-Za-z]/.test(ch) ? LETTER : ",;:!?)\"'".includes(ch) ? SIMPLE_SUFFIX : ch === "." ? PERIOD : OTHER;
}
const isSpace = (c: number): boolean => (c < 0x80 ? ASCII_KIND[c] === SPACE : isSpaceCode(c));
const isUpperAscii = (c: number): boolean => c >= 0x41 && c <= 0x5a;

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
const has = (cp: number, flag: number): boolean => (flagsOf(cp) & flag) !== 0;

/**
 * A growable list of token spans, reused from text to text: a fresh typed array per document
 * cost more than tokenizing it (zero-filled memory, a page fault per 4 KB on first touch).
 */
class TokenBuffer {
  at = new Int32Array(1024);
  count = 0;
  push(start: number, end: number): void {
    if (this.count * 2 + 2 > this.at.length) {
      const grown = new Int32Array(this.at.length * 2);
      grown.set(this.at);
      this.at = grown;
    }
    this.at[this.count * 2] = start;
    this.at[this.count * 2 + 1] = end;
    this.count++;
  }
}

class EnglishTokenizer {
  private text = "";
  /** Special case → lengths of the tokens the affix rules alone give it, for the re-merge pass. */
  private readonly matcher: ReadonlyMap<string, readonly number[]>;
  private out = new TokenBuffer();
  // Affixes peeled off the current chunk, as flat [start, end] pairs.
  private prefixes: number[] = [];
  private suffixes: number[] = [];

  /** Without `specials`, only the affix and infix rules apply (spaCy `with_special_cases=False`). */
  constructor(private readonly specials: boolean) {
    this.matcher = specials ? specialCaseMatcher() : new Map();
  }

  /**
   * Tokens of `text`. Whitespace runs are tokens too when `keepSpace` (spaCy keeps them, minus
   * one space after a word, and the sentencizer sees them); word lists drop them, as datatrove does.
   * The result is a view of a buffer the next call overwrites: copy it to keep it.
   */
  run(text: string, keepSpace: boolean): Spans {
    this.text = text;
    // One huge document must not keep its buffer alive for the rest of the task.
    if (this.out.at.length > KEEP_SPANS) this.out = new TokenBuffer();
    this.out.count = 0;
    const n = text.length;
    let i = 0;
    while (i < n) {
      let j = i;
      if (isSpace(text.charCodeAt(i))) {
        while (j < n && isSpace(text.charCodeAt(j))) j++;
        // A single space after a token is stored on that token, not as a token.
        const start = i > 0 && text.charCodeAt(i) === 0x20 ? i + 1 : i;
        if (keepSpace && start < j) this.out.push(start, j);
      } else {
        let c = 0;
        while (j < n && (c = text.charCodeAt(j)) < 0x80 && ASCII_KIND[c] === LETTER) j++;
        const letters = j;
        while (j < n && !isSpace(text.charCodeAt(j))) j++;
        if (!this.simpleChunk(i, letters, j)) this.chunk(i, j);
      }
      i = j;
    }
    return { count: this.out.count, at: this.out.at };
  }

  /**
   * Fast paths for most chunks of prose, each giving what the full rules would: ASCII letters
   * (`word`), and ASCII letters with one final `,;:!?)"'` or period (`word,` → `word` `,`; a
   * period splits off after a lowercase letter or two capitals, else stays: `A.`). Not when the
   * chunk or its letters may be a special case. False: the chunk needs the full rules.
   */
  private simpleChunk(start: number, letters: number, end: number): boolean {
    const text = this.text;
    const specials = this.specials;
    if (letters === end) {
      if (specials && mayBeSpecial(text, start, end)) return false;
      this.out.push(start, end);
      return true;
    }
    if (letters !== end - 1 || letters === start) return false;
    if (specials && (mayBeSpecial(text, start, end) || mayBeSpecial(text, start, letters))) return false;
    const kind = ASCII_KIND[text.charCodeAt(letters)];
    if (kind === PERIOD) {
      const last = text.charCodeAt(letters - 1);
      if (isUpperAscii(last) && !(letters - 2 >= start && isUpperAscii(text.charCodeAt(letters - 2)))) {
        this.out.push(start, end);
        return true;
      }
    } else if (kind !== SIMPLE_SUFFIX) {
      return false;
    }
    this.out.push(start, letters);
    this.out.push(letters, end);
    return true;
  }

  private special(start: number, end: number): readonly number[] | undefined {
    if (!this.specials || !mayBeSpecial(this.text, start, end)) return undefined;
    return SPECIAL_CASES.get(this.text.slice(start, end));
  }

  private emitSpecial(start: number, pieces: readonly number[]): void {
    for (const len of pieces) {
      this.out.push(start, start + len);
      start += len;
    }
  }

  /** One whitespace-free chunk, then the special-case re-merge over its tokens. */
  private chunk(start: number, end: number): void {
    const first = this.out.count;
    this.affixes(start, end);
    if (this.out.count - first >= 2 && this.matcher.size > 0) this.mergeSpecials(first);
  }

  /**
   * spaCy `Tokenizer._apply_special_cases`: a run of tokens whose text is a special case and
   * whose split is the one the affix rules give that special case becomes the special case's
   * tokens (`Default:**` → `Default` `:*` `*`, the emoticon `:*`). Runs with whitespace inside
   * never match, so the pass works within one chunk. Longest runs win, then leftmost.
   */
  private mergeSpecials(first: number): void {
    const at = this.out.at;
    const last = this.out.count;
    const found: [number, number, readonly number[]][] = [];
    for (let i = first; i < last; i++) {
      for (let j = i + 2; j <= last && at[2 * j - 1] - at[2 * i] <= MAX_SPECIAL_LENGTH; j++) {
        if (!mayBeSpecial(this.text, at[2 * i], at[2 * j - 1])) continue;
        const key = this.text.slice(at[2 * i], at[2 * j - 1]);
        const pattern = this.matcher.get(key);
        if (pattern && pattern.length === j - i && pattern.every((len, k) => at[2 * (i + k) + 1] - at[2 * (i + k)] === len)) {
          found.push([i, j, SPECIAL_CASES.get(key)!]);
        }
      }
    }
    if (found.length === 0) return;
    found.sort((x, y) => y[1] - y[0] - (x[1] - x[0]) || x[0] - y[0]);
    const seen = new Set<number>();
    const chosen: typeof found = [];
    for (const m of found) {
      if (!seen.has(m[0]) && !seen.has(m[1] - 1)) chosen.push(m);
      for (let k = m[0]; k < m[1]; k++) seen.add(k);
    }
    chosen.sort((x, y) => x[0] - y[0]);
    const tokens = Array.from(at.subarray(2 * first, 2 * last));
    this.out.count = first;
    let t = first;
    for (const [i, j, pieces] of chosen) {
      for (; t < i; t++) this.out.push(tokens[2 * (t - first)], tokens[2 * (t - first) + 1]);
      this.emitSpecial(tokens[2 * (i - first)], pieces);
      t = j;
    }
    for (; t < last; t++) this.out.push(tokens[2 * (t - first)], tokens[2 * (t - first) + 1]);
  }

  /** spaCy `Tokenizer._tokenize` → `_split_affixes` + `_attach_tokens`. */
  private affixes(start: number, end: number): void {
    const whole = this.special(start, end);
    if (whole) return this.emitSpecial(start, whole);
    if (this.plainWord(start, end)) return this.out.push(start, end);

    const prefixes = this.prefixes;
    const suffixes = this.suffixes;
    prefixes.length = 0;
    suffixes.length = 0;
    let a = start;
    let b = end;
    let lastSize = -1;
    while (b > a && b - a !== lastSize) {
      if (this.special(a, b)) break;
      lastSize = b - a;
      const pre = this.findPrefix(a, b);
      if (pre && b > a + pre && this.special(a + pre, b)) {
        prefixes.push(a, a + pre);
        a += pre;
        break;
      }
      const suf = this.findSuffix(a + pre, b);
      if (suf && b - suf > a && this.special(a, b - suf)) {
        suffixes.push(b - suf, b);
        b -= suf;
        break;
      }
      if (pre && suf && pre + suf <= b - a) {
        prefixes.push(a, a + pre);
        suffixes.push(b - suf, b);
        a += pre;
        b -= suf;
      } else if (pre) {
        prefixes.push(a, a + pre);
        a += pre;
      } else if (suf) {
        suffixes.push(b - suf, b);
        b -= suf;
      }
    }

    for (let k = 0; k < prefixes.length; k += 2) this.out.push(prefixes[k], prefixes[k + 1]);
    if (b > a) {
      const pieces = this.special(a, b);
      if (pieces) this.emitSpecial(a, pieces);
      else if (this.isUrl(a, b)) this.out.push(a, b);
      else this.splitInfixes(a, b);
    }
    for (let k = suffixes.length - 2; k >= 0; k -= 2) this.out.push(suffixes[k], suffixes[k + 1]);
  }

  /** ASCII letters only, or letters and digits without a unit/currency ending: no rule can split it. */
  private plainWord(start: number, end: number): boolean {
    const text = this.text;
    let digits = false;
    for (let i = start; i < end; i++) {
      const c = text.charCodeAt(i);
      if (isDigit(c)) digits = true;
      else if (!((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a)) return false;
    }
    return !digits || this.findSuffix(start, end) === 0;
  }

  private isUrl(start: number, end: number): boolean {
    const text = this.text;
    // Every URL form the pattern accepts has a dot; most tokens don't.
    const dot = text.indexOf(".", start);
    return dot !== -1 && dot < end && URL_MATCH.test(text.slice(start, end));
  }

  /** Length of the prefix at `a` (spaCy `find_prefix`: the first listed rule matching at the start). */
  private findPrefix(a: number, b: number): number {
    const text = this.text;
    const c = codePointAt(text, a);
    const width = c > 0xffff ? 2 : 1;
    if (c === 0x2b) return a + 1 < b && isDigit(text.charCodeAt(a + 1)) ? 0 : 1; // \+(?![0-9])
    if (PREFIX_CHARS.has(c)) return width;
    if (c === 0x2e) {
      let j = a + 1;
      while (j < b && text.charCodeAt(j) === 0x2e) j++;
      return j - a >= 2 ? j - a : 0;
    }
    if (text.startsWith("US$", a) && b - a >= 3) return 3;
    if ((c === 0x43 || c === 0x41) && a + 1 < b && text.charCodeAt(a + 1) === 0x24) return 2;
    if (has(c, ICON)) return width;
    return 0;
  }

  /**
   * Length of the suffix ending at `b` (spaCy `find_suffix`: a regex search of `rule$`
   * alternatives, so the match starting leftmost wins, i.e. the longest suffix). Lookbehinds
   * see only `[a, b)`.
   */
  private findSuffix(a: number, b: number): number {
    if (b <= a) return 0;
    const text = this.text;
    let best = b;
    const lastStart = codePointStartBefore(text, b);
    const last = codePointAt(text, lastStart);
    if (lastStart >= a && (SUFFIX_CHARS.has(last) || has(last, ICON))) best = lastStart;
    if (last === 0x2e) {
      let j = b - 1;
      while (j > a && text.charCodeAt(j - 1) === 0x2e) j--;
      if (b - j >= 2) best = Math.min(best, j);
      else if (b - 1 > a) {
        // A single final period: after a digit, lowercase, listed symbol, two capitals, or "°F".
        const p = codePointAt(text, codePointStartBefore(text, b - 1));
        const pStart = codePointStartBefore(text, b - 1);
        if (PERIOD_AFTER.has(p) || has(p, ALPHA_LOWER)) best = Math.min(best, b - 1);
        else if (pStart > a) {
          const q = codePointAt(text, codePointStartBefore(text, pStart));
          if (has(p, ALPHA_UPPER) && has(q, ALPHA_UPPER)) best = Math.min(best, b - 1);
          else if (q === 0xb0 && "FfCcKk".includes(String.fromCharCode(p))) best = Math.min(best, b - 1);
        }
      }
    }
    if (text.charCodeAt(b - 1) === 0x2026 && b - 2 >= a && text.charCodeAt(b - 2) === 0x2026) best = Math.min(best, b - 2);
    if (b - 2 >= a && (text.charCodeAt(b - 2) === 0x27 || text.charCodeAt(b - 2) === 0x2019)) {
      const s = text.charCodeAt(b - 1);
      if (s === 0x73 || s === 0x53) best = Math.min(best, b - 2);
    }
    if (last === 0x2b && b - 2 >= a && isDigit(text.charCodeAt(b - 2))) best = Math.min(best, b - 1);
    // (?<=[0-9])(currency|unit)$
    for (let len = Math.min(MAX_DIGIT_SUFFIX, b - a - 1); len >= 1; len--) {
      if (b - len >= best) break;
      if (isDigit(text.charCodeAt(b - len - 1)) && DIGIT_SUFFIX_SET.has(text.slice(b - len, b))) {
        best = b - len;
        break;
      }
    }
    return b - best;
  }

  /** spaCy `infix_finditer` over `[a, b)`, then the split loop of `_attach_tokens`. */
  private splitInfixes(a: number, b: number): void {
    let start = a;
    let p = a;
    while (p < b) {
      const len = this.infixAt(a, b, p);
      if (len === 0) {
        p++;
        continue;
      }
      if (p !== a) {
        if (p !== start) this.out.push(start, p);
        this.out.push(p, p + len);
        start = p + len;
      }
      p += len;
    }
    if (start < b) this.out.push(start, b);
  }

  /** Length of the infix match at `p` (first matching rule in spaCy's English order), or 0. */
  private infixAt(a: number, b: number, p: number): number {
    const text = this.text;
    const c = text.charCodeAt(p);
    if (c === 0x2e && p + 1 < b && text.charCodeAt(p + 1) === 0x2e) {
      let j = p + 2;
      while (j < b && text.charCodeAt(j) === 0x2e) j++;
      return j - p;
    }
    if (c === 0x2026) return 1;
    const cp = codePointAt(text, p);
    if (cp > 0x7f && has(cp, ICON)) return cp > 0xffff ? 2 : 1;
    if (p === a || p + 1 >= b) return 0;
    const prev = codePointAt(text, codePointStartBefore(text, p));
    const nextAt = (i: number): number => (i < b ? codePointAt(text, i) : -1);
    const alpha = (x: number): boolean => x >= 0 && has(x, ALPHA);
    const next = nextAt(p + 1);
    // (?<=[0-9])[+\-*^](?=[0-9-])
    if (isDigit(prev) && (c === 0x2b || c === 0x2d || c === 0x2a || c === 0x5e) && (isDigit(next) || next === 0x2d)) return 1;
    // (?<=[{al}{q}])\.(?=[{au}{q}])
    if (c === 0x2e) {
      return (has(prev, ALPHA_LOWER) || QUOTES.has(prev)) && (has(next, ALPHA_UPPER) || QUOTES.has(next)) ? 1 : 0;
    }
    // (?<=[{a}]),(?=[{a}])
    if (c === 0x2c) return alpha(prev) && alpha(next) ? 1 : 0;
    if (!(alpha(prev) || isDigit(prev))) return 0;
    // (?<=[{a}0-9])(?:-|–|—|--|---|——|~)(?=[{a}])
    if (c === 0x2d) {
      if (alpha(next)) return 1;
      if (next === 0x2d) {
        if (alpha(nextAt(p + 2))) return 2;
        if (nextAt(p + 2) === 0x2d && alpha(nextAt(p + 3))) return 3;
      }
      return 0;
    }
    if (c === 0x2013 || c === 0x7e) return alpha(next) ? 1 : 0;
    if (c === 0x2014) {
      if (alpha(next)) return 1;
      return next === 0x2014 && alpha(nextAt(p + 2)) ? 2 : 0;
    }
    // (?<=[{a}0-9])[:<>=/](?=[{a}])
    if (c === 0x3a || c === 0x3c || c === 0x3e || c === 0x3d || c === 0x2f) return alpha(next) ? 1 : 0;
    return 0;
  }
}

/** Special cases the affix rules would split, with that split (spaCy `add_special_case`). */
function specialCaseMatcher(): Map<string, readonly number[]> {
  const plain = new EnglishTokenizer(false);
  const matcher = new Map<string, readonly number[]>();
  for (const key of SPECIAL_CASES.keys()) {
    if (/\s/u.test(key)) continue; // whitespace-only keys concern whitespace tokens, which nothing here counts
    const spans = plain.run(key, false);
    if (spans.count < 2) continue;
    const lengths: number[] = [];
    for (let k = 0; k < spans.count; k++) lengths.push(spans.at[2 * k + 1] - spans.at[2 * k]);
    matcher.set(key, lengths);
  }
  return matcher;
}

/** Span buffer entries kept between documents (16 MB). */
const KEEP_SPANS = 1 << 22;
const tokenizer = new EnglishTokenizer(true);
const recent = new TextCache<Spans>();

/**
 * Word tokens of English `text` as datatrove's `SpaCyTokenizer.word_tokenize` returns them
 * (every non-whitespace token, punctuation included). Results are cached: several filters in a
 * row tokenize the same documents. Callers must not modify them.
 */
export function englishWords(text: string): Spans {
  return recent.get(text, (t) => {
    const view = tokenizer.run(t, false);
    return { count: view.count, at: view.at.slice(0, 2 * view.count) };
  });
}

/** Whether every character of the span has general category P* (spaCy `is_punct`). */
function isPunctToken(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; ) {
    const cp = codePointAt(text, i);
    if (!has(cp, PUNCT)) return false;
    i += cp > 0xffff ? 2 : 1;
  }
  return true;
}

/**
 * Where spaCy's `Sentencizer` starts new sentences in English `text`. Whitespace runs are tokens
 * here, as in spaCy. `limit` stops early: callers often need only "at least n sentences".
 */
export function englishSentenceStarts(text: string, limit = Infinity): number[] {
  return sentenceStarts(text, tokenizer.run(text, true), limit);
}

/**
 * spaCy's `Sentencizer` over given tokens: UTF-16 offsets of the first token of each sentence
 * but the first. After a token in its punctuation list, the next token that is neither
 * punctuation nor in the list starts a sentence.
 */
export function sentenceStarts(text: string, tokens: Spans, limit = Infinity): number[] {
  const at = tokens.at;
  const starts: number[] = [];
  let seenPeriod = false;
  for (let t = 0; t < tokens.count && starts.length < limit; t++) {
    const s = at[2 * t];
    const e = at[2 * t + 1];
    const cp = codePointAt(text, s);
    const mark = e - s === (cp > 0xffff ? 2 : 1) && SENTENCE_END_CHARS.has(cp);
    if (seenPeriod && !mark && !isPunctToken(text, s, e)) {
      starts.push(s);
      seenPeriod = false;
    } else if (mark) {
      seenPeriod = true;
    }
  }
  return starts;
}

/**
 * Number of pieces datatrove's `split_into_sentences(text, "en")` returns: the sentencizer's
 * sentence count, or 1 when there is no token (its span arithmetic always yields one piece).
 */
export function countEnglishSentences(text: string, limit = Infinity): number {
  return 1 + englishSentenceStarts(text, limit - 1).length;
}
