import { AhoCorasick } from "./url/aho-corasick.js";

/** What a word list found in one text. */
export interface WordListHits {
  /** Units the text holds: words, or non-space characters when unsegmented. */
  units: number;
  /** Units covered by list entries. */
  covered: number;
  /** The first entry found, if any. */
  first: string | undefined;
}

/** Words: maximal runs of letters, combining marks and digits (marks keep Devanagari or Thai words whole). */
const WORD_RE = /[\p{L}\p{M}\p{N}]+/gu;

/**
 * Finds the entries of a word list in lowercased text, in one of two ways.
 *
 * Segmented (languages written with spaces): text and entries are cut into words at
 * whitespace and punctuation, and an entry matches a whole word or, for phrases such as
 * "2 girls 1 cup", a run of whole words; `covered` counts the words inside matches.
 *
 * Unsegmented (zh, ja, th): these scripts do not separate words with spaces, so cutting at
 * spaces would yield whole clauses and miss every entry; entries are matched as substrings
 * (Aho–Corasick, one pass), as datatrove's `C4BadWordsFilter` does for them, and `covered`
 * counts the characters inside matches. A substring can sit inside an innocent longer word,
 * which is why datatrove allowlists entries that hit > 10% of pages (e.g. 性 in zh).
 */
export class WordListMatcher {
  private readonly single = new Set<string>();
  /** Phrases by first word, longest first. */
  private readonly phrases = new Map<string, string[][]>();
  private readonly automaton: AhoCorasick | undefined;

  constructor(entries: Iterable<string>, readonly segmented: boolean) {
    const list = [...entries].map((e) => e.trim().toLowerCase()).filter((e) => e.length > 0);
    if (!segmented) {
      this.automaton = new AhoCorasick(list);
      return;
    }
    for (const entry of list) {
      const words = entry.match(WORD_RE);
      if (!words) continue; // an entry of symbols only (🖕) has no word to match
      if (words.length === 1) this.single.add(words[0]);
      else {
        const bucket = this.phrases.get(words[0]) ?? [];
        bucket.push(words);
        this.phrases.set(words[0], bucket);
      }
    }
    for (const bucket of this.phrases.values()) bucket.sort((a, b) => b.length - a.length);
  }

  /** Measures `text` (already lowercased); with `stopAtFirst`, returns at the first match. */
  measure(text: string, stopAtFirst: boolean): WordListHits {
    return this.automaton ? this.measureChars(this.automaton, text, stopAtFirst) : this.measureWords(text, stopAtFirst);
  }

  private measureWords(text: string, stopAtFirst: boolean): WordListHits {
    const words = text.match(WORD_RE) ?? [];
    let covered = 0;
    let first: string | undefined;
    for (let i = 0; i < words.length; ) {
      const n = this.matchAt(words, i);
      if (n === 0) {
        i++;
        continue;
      }
      first ??= words.slice(i, i + n).join(" ");
      covered += n;
      if (stopAtFirst) break;
      i += n;
    }
    return { units: words.length, covered, first };
  }

  /** Number of words of the longest entry starting at `words[i]`, or 0. */
  private matchAt(words: readonly string[], i: number): number {
    const bucket = this.phrases.get(words[i]);
    if (bucket) {
      for (const phrase of bucket) {
        let k = 1;
        while (k < phrase.length && words[i + k] === phrase[k]) k++;
        if (k === phrase.length) return k;
      }
    }
    return this.single.has(words[i]) ? 1 : 0;
  }

  private measureChars(automaton: AhoCorasick, text: string, stopAtFirst: boolean): WordListHits {
    let units = 0;
    for (let i = 0; i < text.length; i++) if (!isSpace(text.charCodeAt(i))) units++;
    // Matches arrive by end position, so the union of their spans is kept as a stack of disjoint
    // intervals that a new match can only extend or merge from the right.
    const starts: number[] = [];
    const ends: number[] = [];
    let covered = 0;
    let first: string | undefined;
    automaton.scan(text, (end, length) => {
      first ??= text.slice(end - length, end);
      let start = end - length;
      while (ends.length > 0 && ends[ends.length - 1] >= start) {
        const s = starts.pop()!;
        covered -= ends.pop()! - s;
        start = Math.min(start, s);
      }
      starts.push(start);
      ends.push(end);
      covered += end - start;
      return stopAtFirst;
    });
    return { units, covered, first };
  }
}

function isSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0xa0 || c === 0x3000;
}
