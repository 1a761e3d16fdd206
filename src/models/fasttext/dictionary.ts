import type { ModelArgs } from "./args.js";
import type { BinaryReader } from "./binary-reader.js";
import { FNV_OFFSET, fnvStep, fnv1a } from "./hash.js";
import { IntMap } from "./int-map.js";

/** `entry_type::label` (src/dictionary.h). */
const TYPE_LABEL = 1;
const EOS = new TextEncoder().encode("</s>");
/** Tokens with this prefix are labels (`Args::label`'s default; the file does not store it). */
export const LABEL_PREFIX = "__label__";
const LABEL_PREFIX_BYTES = new TextEncoder().encode(LABEL_PREFIX);
/** Markers around a word before its char n-grams are taken (`BOW`/`EOW`). */
export const BOW = 0x3c; // "<"
export const EOW = 0x3e; // ">"

/**
 * The vocabulary of a model (`Dictionary`, src/dictionary.cc v0.9.2): words then labels, and
 * for pruned (quantized with `-cutoff`) models the map from kept char/word n-gram buckets to
 * matrix rows. Words are found through an open-addressing table keyed by fastText's own
 * FNV-1a hash, which the tokenizer computes anyway for word n-grams.
 */
export class Dictionary {
  readonly nwords: number;
  readonly nlabels: number;
  /** Label strings (`__label__en`), in output-row order. */
  readonly labels: string[];
  /** Training counts of labels, which order the hierarchical-softmax tree. */
  readonly labelCounts: number[];
  /** Id of `</s>`, which ends every line; -1 if absent. */
  readonly eos: number;

  private readonly pool: Uint8Array;
  private readonly starts: Int32Array;
  private readonly hashes: Int32Array;
  private readonly isLabel: Uint8Array;
  private readonly table: Int32Array;
  private readonly tableMask: number;
  /** Bucket → pruned row index; undefined when not pruned (every bucket has a row). */
  private readonly pruned: IntMap | undefined;
  /**
   * One bit per bucket, set for those kept by pruning: most n-grams of a pruned model were
   * cut (80% of lookups with lid.176), and a bit in a small array rejects them fastest.
   */
  private readonly keptBuckets: Uint32Array | undefined;
  /** `pruneidx_size_ == 0`: every n-gram was cut, so none contributes. */
  private readonly noNgrams: boolean;
  /** Input-matrix rows that n-grams use after the word rows. */
  readonly ngramRowCount: number;
  private readonly minn: number;
  private readonly maxn: number;
  private readonly bucket: number;

  constructor(r: BinaryReader, args: ModelArgs) {
    // Dictionary::load: size, nwords, nlabels (int32), ntokens, pruneidx_size (int64),
    // then per entry a NUL-terminated word, int64 count, int8 type; then pruneidx pairs.
    const size = r.int32();
    this.nwords = r.int32();
    this.nlabels = r.int32();
    r.int64();
    const pruneSize = r.int64();
    if (this.nwords + this.nlabels !== size) r.fail("dictionary sizes disagree");
    const wordStart = new Int32Array(size);
    const wordEnd = new Int32Array(size);
    const isLabel = new Uint8Array(size);
    const counts = new Array<number>(size);
    for (let i = 0; i < size; i++) {
      wordStart[i] = r.offset;
      wordEnd[i] = r.skipCString() - 1;
      counts[i] = r.int64();
      isLabel[i] = r.uint8() === TYPE_LABEL ? 1 : 0;
    }
    // One pool of word bytes, without the counts and types that sit between them in the file.
    const starts = new Int32Array(size + 1);
    for (let i = 0; i < size; i++) starts[i + 1] = starts[i] + wordEnd[i] - wordStart[i];
    const pool = new Uint8Array(starts[size]);
    for (let i = 0; i < size; i++) pool.set(r.bytes.subarray(wordStart[i], wordEnd[i]), starts[i]);
    this.pool = pool;
    this.starts = starts;
    this.isLabel = isLabel;
    this.hashes = new Int32Array(size);
    let tableSize = 16;
    while (tableSize < size * 2) tableSize *= 2;
    this.table = new Int32Array(tableSize).fill(-1);
    this.tableMask = tableSize - 1;
    for (let i = 0; i < size; i++) {
      const h = fnv1a(pool, starts[i], starts[i + 1]);
      this.hashes[i] = h;
      let slot = h & this.tableMask;
      while (this.table[slot] !== -1) slot = (slot + 1) & this.tableMask;
      this.table[slot] = i;
    }
    const decoder = new TextDecoder();
    this.labels = [];
    this.labelCounts = [];
    for (let i = this.nwords; i < size; i++) {
      this.labels.push(decoder.decode(pool.subarray(starts[i], starts[i + 1])));
      this.labelCounts.push(counts[i]);
    }
    this.noNgrams = pruneSize === 0;
    // Unpruned files store -1 here (the `pruneidx_size_` default) and use every bucket.
    this.ngramRowCount = pruneSize < 0 ? args.bucket : pruneSize;
    if (pruneSize > 0) {
      this.pruned = new IntMap(pruneSize);
      this.keptBuckets = new Uint32Array(Math.ceil(args.bucket / 32));
      for (let i = 0; i < pruneSize; i++) {
        const ngram = r.int32();
        const row = r.int32();
        if (ngram < 0 || ngram >= args.bucket || row < 0 || row >= pruneSize) r.fail("pruned n-gram out of range");
        this.pruned.set(ngram, row);
        this.keptBuckets[ngram >>> 5] |= 1 << (ngram & 31);
      }
    }
    this.minn = args.minn;
    this.maxn = args.maxn;
    this.bucket = args.bucket;
    this.eos = this.find(EOS, 0, EOS.length, fnv1a(EOS, 0, EOS.length));
  }

  /** Entry id of `bytes[start, end)` whose fastText hash is `hash`, or -1. */
  find(bytes: Uint8Array, start: number, end: number, hash: number): number {
    const len = end - start;
    for (let slot = hash & this.tableMask; ; slot = (slot + 1) & this.tableMask) {
      const id = this.table[slot];
      if (id === -1) return -1;
      if (this.hashes[id] !== hash) continue;
      const s = this.starts[id];
      if (this.starts[id + 1] - s !== len) continue;
      let i = 0;
      while (i < len && this.pool[s + i] === bytes[start + i]) i++;
      if (i === len) return id;
    }
  }

  isLabelId(id: number): boolean {
    return this.isLabel[id] === 1;
  }

  /** `Dictionary::getType` for a token not in the vocabulary: label if it has the prefix. */
  hasLabelPrefix(bytes: Uint8Array, start: number, end: number): boolean {
    if (end - start < LABEL_PREFIX_BYTES.length) return false;
    for (let i = 0; i < LABEL_PREFIX_BYTES.length; i++) if (bytes[start + i] !== LABEL_PREFIX_BYTES[i]) return false;
    return true;
  }

  /** False when every n-gram was pruned (`pruneidx_size_ == 0`): n-grams add no rows. */
  get hasNgramRows(): boolean {
    return !this.noNgrams;
  }

  /** True when only some n-gram buckets have rows (a quantized model with `-cutoff`). */
  get isPruned(): boolean {
    return this.pruned !== undefined;
  }

  /** Bytes of entry `id` (a view into the pool). */
  word(id: number): Uint8Array {
    return this.pool.subarray(this.starts[id], this.starts[id + 1]);
  }

  /**
   * Input-matrix row of an n-gram hash bucket, or -1 when it was pruned (`pushHash`):
   * n-gram rows follow the `nwords` word rows.
   */
  ngramRow(bucketId: number): number {
    if (this.noNgrams) return -1;
    if (!this.pruned) return this.nwords + bucketId;
    if ((this.keptBuckets![bucketId >>> 5] & (1 << (bucketId & 31))) === 0) return -1;
    return this.nwords + this.pruned.get(bucketId);
  }

  /**
   * Rows of the char n-grams of a word (`computeSubwords`): every n-gram of minn..maxn UTF-8
   * characters of `<word>`, except the lone markers `<` and `>`, hashed into `bucket`s.
   * The word is passed with its markers, in `marked[0, len)`. Hashes are extended one byte
   * at a time instead of rehashing each substring. Rows go to `out` from index `at`, which
   * must leave room for `len * maxn`; returns the index after the last.
   */
  charNgramRows(marked: Uint8Array, len: number, out: Int32Array, at: number): number {
    if (this.noNgrams) return at;
    // Fields in locals: this loop is the hot path of language identification.
    const { minn, maxn, bucket, nwords, pruned, keptBuckets } = this;
    let count = at;
    for (let i = 0; i < len; i++) {
      if ((marked[i] & 0xc0) === 0x80) continue;
      let h = FNV_OFFSET;
      for (let j = i, n = 1; j < len && n <= maxn; n++) {
        h = fnvStep(h, marked[j++]);
        while (j < len && (marked[j] & 0xc0) === 0x80) h = fnvStep(h, marked[j++]);
        if (n < minn || (n === 1 && (i === 0 || j === len))) continue;
        // uint32 % bucket; an exact division and truncation is faster than `%` on uint32.
        const u = h >>> 0;
        const b = u - Math.trunc(u / bucket) * bucket;
        if (!pruned) out[count++] = nwords + b;
        else if (keptBuckets![b >>> 5] & (1 << (b & 31))) out[count++] = nwords + pruned.get(b);
      }
    }
    return count;
  }
}
