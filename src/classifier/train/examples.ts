import { BOW, EOW, type Dictionary } from "../../models/fasttext/dictionary.js";
import { FNV_OFFSET, fnv1a, fnvStep, WordNgramHash } from "../../models/fasttext/hash.js";

const SEPARATOR = new Uint8Array(256);
for (const c of " \n\r\t\v\f\0") SEPARATOR[c.charCodeAt(0)] = 1;
const EOS_BYTES = new TextEncoder().encode("</s>");
const EOS_HASH = fnv1a(EOS_BYTES, 0, EOS_BYTES.length);

/** Grows an Int32Array pool to hold `n` more values. */
function room(pool: Int32Array<ArrayBuffer>, used: number, n: number): Int32Array<ArrayBuffer> {
  if (used + n <= pool.length) return pool;
  const grown = new Int32Array(Math.max(pool.length * 2, used + n));
  grown.set(pool.subarray(0, used));
  return grown;
}

/**
 * Training examples as flat typed arrays: for line i, its input-matrix rows are
 * `rows[rowStart[i], rowStart[i+1])`, its label indices `labels[labelStart[i], …)` and it
 * read `tokens[i]` tokens. Built once; fastText re-tokenizes every line on every epoch, and
 * the features are the same each time (supervised lines are not subsampled).
 */
export interface Examples {
  count: number;
  rows: Int32Array;
  rowStart: Int32Array;
  labels: Int32Array;
  labelStart: Int32Array;
  tokens: Int32Array;
}

/**
 * Features of each line as `Dictionary::getLine` (supervised) computes them: per token, a
 * known word's row and char n-gram rows, an unknown word's char n-gram rows, a known label's
 * index (unknown labels are ignored); `</s>` at the end; then word n-gram rows over the
 * token hashes. The hashing is the inference engine's, which equals fastText's.
 */
export function buildExamples(lines: readonly string[], dict: Dictionary, wordNgrams: number, bucket: number, maxn: number): Examples {
  const n = lines.length;
  const rowStart = new Int32Array(n + 1);
  const labelStart = new Int32Array(n + 1);
  const tokens = new Int32Array(n);
  let rows = new Int32Array(1 << 16);
  let labels = new Int32Array(1024);
  let nrows = 0;
  let nlabels = 0;
  let hashes = new Int32Array(1024);
  let bytes = new Uint8Array(1 << 16);
  let marked = new Uint8Array(256);
  let scratch = new Int32Array(1024);
  const encoder = new TextEncoder();
  const ngram = new WordNgramHash();
  // A word's rows, computed once: `subwordsOf[id]` indexes `subwordPool`.
  const subwordAt = new Int32Array(dict.nwords).fill(-1);
  const subwordLen = new Int32Array(dict.nwords);
  let subwordPool = new Int32Array(1 << 14);
  let subwordUsed = 0;

  const charNgrams = (src: Uint8Array, start: number, end: number): number => {
    const len = end - start + 2;
    if (marked.length < len) marked = new Uint8Array(len * 2);
    if (scratch.length < len * maxn + 1) scratch = new Int32Array((len * maxn + 1) * 2);
    marked[0] = BOW;
    for (let i = start, j = 1; i < end; i++, j++) marked[j] = src[i];
    marked[len - 1] = EOW;
    return dict.charNgramRows(marked, len, scratch, 0);
  };
  const addWord = (id: number) => {
    if (subwordAt[id] < 0) {
      let m = 0;
      if (id !== dict.eos) {
        const w = dict.word(id);
        m = charNgrams(w, 0, w.length);
      }
      subwordPool = room(subwordPool, subwordUsed, m + 1);
      subwordPool[subwordUsed] = id;
      subwordPool.set(scratch.subarray(0, m), subwordUsed + 1);
      subwordAt[id] = subwordUsed;
      subwordLen[id] = m + 1;
      subwordUsed += m + 1;
    }
    const at = subwordAt[id];
    const len = subwordLen[id];
    rows = room(rows, nrows, len);
    rows.set(subwordPool.subarray(at, at + len), nrows);
    nrows += len;
  };

  for (let li = 0; li < n; li++) {
    const text = lines[li];
    if (bytes.length < text.length * 3) bytes = new Uint8Array(text.length * 3 + 1024);
    const len = encoder.encodeInto(text, bytes).written;
    let nh = 0;
    let ntok = 0;
    const pushHash = (h: number) => {
      if (nh === hashes.length) {
        const grown = new Int32Array(nh * 2);
        grown.set(hashes);
        hashes = grown;
      }
      hashes[nh++] = h;
    };
    for (let i = 0; i < len; ) {
      if (SEPARATOR[bytes[i]]) {
        i++;
        continue;
      }
      const start = i;
      let h = FNV_OFFSET;
      for (; i < len && !SEPARATOR[bytes[i]]; i++) h = fnvStep(h, bytes[i]);
      ntok++;
      const id = dict.find(bytes, start, i, h);
      if (id >= 0 && dict.isLabelId(id)) {
        labels = room(labels, nlabels, 1);
        labels[nlabels++] = id - dict.nwords;
        continue;
      }
      if (id >= 0) addWord(id);
      else if (dict.hasLabelPrefix(bytes, start, i)) continue;
      else {
        const m = charNgrams(bytes, start, i);
        rows = room(rows, nrows, m);
        rows.set(scratch.subarray(0, m), nrows);
        nrows += m;
      }
      pushHash(h);
    }
    ntok++;
    if (dict.eos >= 0) addWord(dict.eos);
    pushHash(EOS_HASH);
    if (wordNgrams > 1) {
      for (let i = 0; i < nh; i++) {
        ngram.start(hashes[i]);
        for (let j = i + 1; j < nh && j < i + wordNgrams; j++) {
          ngram.extend(hashes[j]);
          rows = room(rows, nrows, 1);
          rows[nrows++] = dict.nwords + ngram.mod(bucket);
        }
      }
    }
    tokens[li] = ntok;
    rowStart[li + 1] = nrows;
    labelStart[li + 1] = nlabels;
  }
  return { count: n, rows: rows.subarray(0, nrows), rowStart, labels: labels.subarray(0, nlabels), labelStart, tokens };
}
