import type { ModelArgs } from "./args.js";
import { BOW, EOW, type Dictionary } from "./dictionary.js";
import { FNV_OFFSET, fnv1a, fnvStep, WordNgramHash } from "./hash.js";
import type { Matrix } from "./matrix.js";
import { WasmNgramBuckets } from "./wasm-kernel.js";

/** `Dictionary::readWord` splits on these bytes only: other Unicode spaces stay inside words. */
const SEPARATOR = new Uint8Array(256);
for (const c of " \n\r\t\v\f\0") SEPARATOR[c.charCodeAt(0)] = 1;
const NEWLINE = 0x0a;
const EOS_BYTES = new TextEncoder().encode("</s>");
const EOS_HASH = fnv1a(EOS_BYTES, 0, EOS_BYTES.length);
/** Row ids of known words are cached up to this many (16 MB), the first words met. */
const WORD_ROWS_LIMIT = 4 << 20;

/**
 * The averaged input vector of a text (`Dictionary::getLine` + `Model::computeHidden`,
 * src/dictionary.cc and src/model.cc v0.9.2). Text is tokenized on its UTF-8 bytes; each
 * known word contributes its own row and its char n-gram rows, each unknown word its char
 * n-gram rows, and with wordNgrams > 1 each run of 2..wordNgrams tokens one hashed row. The
 * input vector is the mean of these rows, summed in float32 in fastText's order, so that it
 * is the same to the bit.
 *
 * Work is done on reused typed arrays. The row ids of a known word are computed once: a few
 * thousand frequent words make much of any text.
 */
export class InputLayer {
  private bytes = new Uint8Array(1 << 16);
  private marked = new Uint8Array(256);
  /** Row ids of the text, in fastText's order (`line` in `Dictionary::getLine`). */
  private rows = new Int32Array(1024);
  private count = 0;
  private wordHashes = new Int32Array(1024);
  private nhashes = 0;
  /** Where a known word's rows start in `wordRows`, -1 until computed. */
  private readonly wordRowsAt: Int32Array;
  private readonly wordRowsCount: Int32Array;
  private wordRows = new Int32Array(1 << 14);
  private wordRowsUsed = 0;
  private readonly ngram = new WordNgramHash();
  private readonly wasmNgrams = WasmNgramBuckets.create();
  private readonly encoder = new TextEncoder();

  constructor(
    private readonly args: ModelArgs,
    private readonly dict: Dictionary,
    private readonly input: Matrix,
  ) {
    this.wordRowsAt = new Int32Array(dict.nwords).fill(-1);
    this.wordRowsCount = new Int32Array(dict.nwords);
  }

  /**
   * Writes the mean input vector of `text` into `hidden` and returns how many rows it
   * averages; 0 means fastText has nothing to predict from. The text is read as one line:
   * `</s>` is appended, as fastText reads the newline ending each line, and a newline inside
   * the text reads as a `</s>` too.
   */
  compute(text: string, hidden: Float32Array): number {
    hidden.fill(0);
    this.count = 0;
    this.nhashes = 0;
    if (this.bytes.length < text.length * 3) this.bytes = new Uint8Array(text.length * 3 + 1024);
    const bytes = this.bytes;
    const n = this.encoder.encodeInto(text, bytes).written;
    for (let i = 0; i < n; ) {
      if (SEPARATOR[bytes[i]]) {
        if (bytes[i++] === NEWLINE) this.addEos();
        continue;
      }
      const start = i;
      let h = FNV_OFFSET;
      for (; i < n && !SEPARATOR[bytes[i]]; i++) h = fnvStep(h, bytes[i]);
      this.addToken(bytes, start, i, h);
    }
    this.addEos();
    if (this.args.wordNgrams > 1) this.addWordNgrams();
    if (this.count > 0) {
      this.input.sumRows(this.rows, this.count, hidden);
      // `hidden.mul(1.0 / input.size())`: the factor is rounded to float32 first.
      const scale = Math.fround(1 / this.count);
      for (let j = 0; j < hidden.length; j++) hidden[j] *= scale;
    }
    return this.count;
  }

  private addToken(bytes: Uint8Array, start: number, end: number, hash: number): void {
    const { dict } = this;
    const id = dict.find(bytes, start, end, hash);
    if (id >= 0) {
      // A known label in the text is a training target, not a feature.
      if (dict.isLabelId(id)) return;
      this.addWord(id);
    } else {
      if (dict.hasLabelPrefix(bytes, start, end)) return;
      this.count = this.charNgramRows(bytes, start, end);
    }
    this.pushHash(hash);
  }

  /** `</s>`, known or not, counts in word n-grams. */
  private addEos(): void {
    if (this.dict.eos >= 0) this.addWord(this.dict.eos);
    this.pushHash(EOS_HASH);
  }

  /** A known word: its row, then its char n-gram rows (`Dictionary::addSubwords`). */
  private addWord(id: number): void {
    const at = this.wordRowsAt[id];
    if (at >= 0) {
      const len = this.wordRowsCount[id];
      this.reserve(len);
      const { rows, wordRows } = this;
      for (let i = 0, to = this.count; i < len; i++) rows[to + i] = wordRows[at + i];
      this.count += len;
      return;
    }
    const from = this.count;
    this.reserve(1);
    this.rows[this.count++] = id;
    // `initNgrams` gives `</s>` no char n-grams.
    if (id !== this.dict.eos) {
      const word = this.dict.word(id);
      this.count = this.charNgramRows(word, 0, word.length);
    }
    const end = this.count;
    const len = end - from;
    if (this.wordRowsUsed + len > WORD_ROWS_LIMIT) return;
    if (this.wordRowsUsed + len > this.wordRows.length) {
      const grown = new Int32Array(Math.min(WORD_ROWS_LIMIT, 2 * (this.wordRowsUsed + len)));
      grown.set(this.wordRows.subarray(0, this.wordRowsUsed));
      this.wordRows = grown;
    }
    this.wordRows.set(this.rows.subarray(from, end), this.wordRowsUsed);
    this.wordRowsAt[id] = this.wordRowsUsed;
    this.wordRowsCount[id] = len;
    this.wordRowsUsed += len;
  }

  /** Rows of the char n-grams of `<word>`, into `this.rows` after `count`; returns the new end. */
  private charNgramRows(bytes: Uint8Array, start: number, end: number): number {
    const len = end - start + 2;
    if (this.marked.length < len) this.marked = new Uint8Array(len * 2);
    this.reserve(len * this.args.maxn);
    const marked = this.marked;
    marked[0] = BOW;
    // A byte loop: words are short, and `set(subarray())` would allocate a view per word.
    for (let i = start, j = 1; i < end; i++, j++) marked[j] = bytes[i];
    marked[len - 1] = EOW;
    return this.dict.charNgramRows(marked, len, this.rows, this.count);
  }

  /** Room for `more` row ids after `count`. */
  private reserve(more: number): void {
    if (this.count + more <= this.rows.length) return;
    const grown = new Int32Array(2 * (this.count + more));
    grown.set(this.rows.subarray(0, this.count));
    this.rows = grown;
  }

  private pushHash(hash: number): void {
    if (this.args.wordNgrams <= 1) return;
    if (this.nhashes === this.wordHashes.length) {
      const grown = new Int32Array(this.nhashes * 2);
      grown.set(this.wordHashes);
      this.wordHashes = grown;
    }
    this.wordHashes[this.nhashes++] = hash;
  }

  /** `Dictionary::addWordNgrams`: every run of 2..wordNgrams consecutive token hashes. */
  private addWordNgrams(): void {
    const { wordHashes, nhashes, ngram, dict } = this;
    const maxLen = this.args.wordNgrams;
    const bucket = this.args.bucket;
    // `pushHash` adds nothing when every n-gram was pruned or there are no buckets.
    if (!dict.hasNgramRows || bucket === 0) return;
    this.reserve(nhashes * (maxLen - 1));
    if (this.wasmNgrams && !dict.isPruned) {
      this.count = this.wasmNgrams.buckets(wordHashes, nhashes, maxLen, bucket, dict.nwords, this.rows, this.count);
      return;
    }
    const rows = this.rows;
    for (let i = 0; i < nhashes; i++) {
      ngram.start(wordHashes[i]);
      for (let j = i + 1; j < nhashes && j < i + maxLen; j++) {
        ngram.extend(wordHashes[j]);
        const row = dict.ngramRow(ngram.mod(bucket));
        if (row >= 0) rows[this.count++] = row;
      }
    }
  }
}
