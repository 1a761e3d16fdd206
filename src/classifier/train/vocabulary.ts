import { BinaryReader } from "../../models/fasttext/binary-reader.js";
import { Dictionary, LABEL_PREFIX } from "../../models/fasttext/dictionary.js";
import type { ModelArgs } from "../../models/fasttext/args.js";
import { BinaryWriter } from "./binary-writer.js";

/** `Dictionary::readWord` separators: other Unicode spaces stay inside tokens. */
export const TOKEN_SEPARATORS = /[ \n\r\t\v\f\0]+/;
const EOS = "</s>";
const TYPE_WORD = 0;
const TYPE_LABEL = 1;

/** Words and labels of a training set with their counts, in fastText's dictionary order. */
export interface Vocabulary {
  words: { token: string; count: number }[];
  labels: { token: string; count: number }[];
  /** Every token read, labels and line ends included (`Dictionary::ntokens_`). */
  ntokens: number;
}

/**
 * Counts tokens like `Dictionary::readFromFile`: each line ends in `</s>`, tokens starting
 * with `__label__` are labels; then `threshold(minCount, minCountLabel)` drops rare entries
 * and orders words before labels, each by count, most frequent first. fastText's
 * `std::sort` leaves ties in no defined order; here ties keep first-seen order, so the
 * result is deterministic.
 */
export function countVocabulary(lines: Iterable<string>, minCount: number, minCountLabel: number): Vocabulary {
  const counts = new Map<string, number>();
  let ntokens = 0;
  for (const line of lines) {
    for (const token of line.split(TOKEN_SEPARATORS)) {
      if (token === "") continue;
      counts.set(token, (counts.get(token) ?? 0) + 1);
      ntokens++;
    }
    counts.set(EOS, (counts.get(EOS) ?? 0) + 1);
    ntokens++;
  }
  const words: Vocabulary["words"] = [];
  const labels: Vocabulary["labels"] = [];
  for (const [token, count] of counts) {
    if (token.startsWith(LABEL_PREFIX)) {
      if (count >= minCountLabel) labels.push({ token, count });
    } else if (count >= minCount) words.push({ token, count });
  }
  const byCount = (a: { count: number }, b: { count: number }) => b.count - a.count;
  words.sort(byCount); // Array.prototype.sort is stable
  labels.sort(byCount);
  return { words, labels, ntokens };
}

/** `Dictionary::save`: sizes, ntokens, pruneidx_size (-1: not pruned), then every entry. */
export function writeDictionary(w: BinaryWriter, vocab: Vocabulary): void {
  const enc = new TextEncoder();
  w.int32(vocab.words.length + vocab.labels.length);
  w.int32(vocab.words.length);
  w.int32(vocab.labels.length);
  w.int64(vocab.ntokens);
  w.int64(-1);
  for (const [entries, type] of [[vocab.words, TYPE_WORD], [vocab.labels, TYPE_LABEL]] as const) {
    for (const e of entries) {
      w.cString(enc.encode(e.token));
      w.int64(e.count);
      w.uint8(type);
    }
  }
}

/**
 * The inference engine's `Dictionary` over this vocabulary, read back from its own bytes:
 * training then hashes words and n-grams with exactly the code that predicts.
 */
export function engineDictionary(vocab: Vocabulary, args: ModelArgs): Dictionary {
  const w = new BinaryWriter();
  writeDictionary(w, vocab);
  return new Dictionary(new BinaryReader(w.bytes(), "training dictionary"), args);
}
