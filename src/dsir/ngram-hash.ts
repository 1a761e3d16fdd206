/**
 * DSIR's hashed n-gram features (Xie et al. 2023, "Data Selection for Language Models via
 * Importance Resampling", §4: unigrams and bigrams of lowercased words hashed into 10,000
 * buckets; RedPajama-V2 `utils/dsir.py` uses the same). The text is scanned once, by UTF-16
 * code unit, without building token strings:
 *
 * - a code unit is whitespace (\t \n \v \f \r, Unicode Zs/Zl/Zp, U+FEFF), a word unit
 *   (Unicode L*, N*, M* or `_`) or punctuation (anything else, lone surrogates included);
 * - a token is a maximal run of word units or a maximal run of punctuation units (nltk's
 *   `WordPunctTokenizer`, `\w+|[^\w\s]+`, which the DSIR reference code uses), lowercased
 *   unit by unit (a unit whose lowercase is longer than one unit stays as it is);
 * - a unigram's hash is 32-bit FNV-1a over its code units (one 16-bit unit per step); a
 *   bigram's is FNV-1a over `prev + " " + token`, i.e. the first token's hash continued;
 * - the bucket is murmur3's `fmix32(hash) % buckets`.
 */

import { fmix32 } from "../dedup/minhash/hash32.js";

export const DSIR_BUCKETS = 10_000;

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const SPACE = 0;
const WORD = 1;
const PUNCT = 2;

const CLASS = new Uint8Array(65536);
const LOWER = new Uint16Array(65536);
{
  const word = /[\p{L}\p{N}\p{M}_]/u;
  const space = /[\t\n\v\f\r\p{Zs}\p{Zl}\p{Zp}\uFEFF]/u;
  for (let c = 0; c < 65536; c++) {
    const ch = String.fromCharCode(c);
    const surrogate = c >= 0xd800 && c <= 0xdfff;
    CLASS[c] = surrogate ? PUNCT : space.test(ch) ? SPACE : word.test(ch) ? WORD : PUNCT;
    const lower = surrogate ? ch : ch.toLowerCase();
    LOWER[c] = lower.length === 1 ? lower.charCodeAt(0) : c;
  }
}

/**
 * Calls `visit(bucket)` for every unigram and bigram of `text`, in text order (a token's
 * unigram, then the bigram it ends). Returns the number of tokens.
 */
export function forEachNgramBucket(text: string, buckets: number, visit: (bucket: number) => void): number {
  let tokens = 0;
  let cls = SPACE; // class of the token being read (SPACE: none)
  let uni = 0; // FNV state of the token's unigram
  let bi = 0; // FNV state of "prev token"
  let prev = -1; // finished unigram hash of the previous token, -1 before the first
  const n = text.length;
  for (let i = 0; i <= n; i++) {
    const c = i < n ? text.charCodeAt(i) : 32;
    const k = CLASS[c];
    if (k !== cls && cls !== SPACE) {
      // The token ends here.
      const h = uni >>> 0;
      visit(fmix32(h) % buckets);
      if (prev !== -1) visit(fmix32(bi >>> 0) % buckets);
      prev = h;
      tokens++;
    }
    if (k === SPACE) {
      cls = SPACE;
      continue;
    }
    if (k !== cls) {
      cls = k;
      uni = FNV_OFFSET;
      if (prev !== -1) bi = Math.imul(prev ^ 32, FNV_PRIME);
    }
    const u = LOWER[c];
    uni = Math.imul(uni ^ u, FNV_PRIME);
    bi = Math.imul(bi ^ u, FNV_PRIME);
  }
  return tokens;
}
