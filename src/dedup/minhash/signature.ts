import { fmix32, parameterStream } from "./hash32.js";
import type { TokenHashes } from "./tokens.js";

/**
 * MinHash signatures (Broder 1997, "On the resemblance and containment of documents"): for
 * each of `perms` hash functions, the minimum over a document's shingles; two documents agree
 * on one minimum with probability equal to the Jaccard similarity of their shingle sets.
 *
 * Exact scheme, all in 32-bit halves (hi, lo) of 64-bit values:
 * 1. each shingle (n consecutive token hashes, see tokens.ts) is hashed once to 64 bits:
 *    lane L folds the n tokens' first lanes by x = imul(x ^ t, 0x9e3779b1); x ^= x >>> 15,
 *    lane H the second lanes with 0x85ebca77 and >>> 13; both finished by fmix32.
 * 2. permutation i maps (H, L) to (p_hi, p_lo) with seeded odd a_i, c_i and s_i, t_i:
 *      p_hi = g(L ^ s_i, a_i),  p_lo = g(H ^ t_i, c_i) ^ p_hi,  g(x, m) = y ^ (y >>> 15), y = imul(x ^ (x >>> 16), m)
 *    g is a bijection of 32 bits (xor-shift and odd multiply are invertible), so each
 *    permutation is a true permutation of the 64-bit shingle-hash space, as FineWeb's
 *    (a·h + b) mod (2^61 − 1) is of its field, without 64-bit multiplies.
 * 3. the minimum is taken on (p_hi, p_lo) in lexicographic order of signed int32s (a fixed
 *    order on a bijection's image is again a permutation; signed keeps V8 off doubles), and
 *    p_lo is computed only when p_hi ties or beats the current minimum: after the first few
 *    shingles that is rare (≈ ln N of N). The first xor-shift of g distributes over the xor
 *    with the seed: (L ^ s) ^ ((L ^ s) >>> 16) = (L ^ (L >>> 16)) ^ (s ^ (s >>> 16)), so both
 *    are applied once (per shingle, per permutation) and a permutation costs four integer
 *    operations and a compare per shingle.
 * test/minhash-units.test.ts checks the result against theory: agreement is an unbiased
 * estimate of Jaccard with binomial variance, and bands match at 1 − (1 − s^r)^b.
 */
export class MinHasher {
  /** Interleaved minima: [hi_0, lo_0, hi_1, lo_1, …], reused per document. */
  readonly sig: Int32Array;
  /** s_i ^ (s_i >>> 16), and t_i likewise: the seeds with g's first xor-shift applied. */
  private readonly s: Int32Array;
  private readonly a: Int32Array;
  private readonly t: Int32Array;
  private readonly c: Int32Array;
  /** The current document's shingle hashes, lanes L and H. */
  private L = new Int32Array(4096);
  private H = new Int32Array(4096);
  /** L and H with g's first xor-shift applied: v ^ (v >>> 16). */
  private Lx = new Int32Array(4096);
  private Hx = new Int32Array(4096);
  /** Shingles of the last `hashShingles` (or `compute`): the valid length of `shingleLo`/`shingleHi`. */
  shingleCount = 0;

  constructor(
    seed: number,
    readonly perms: number,
    readonly ngram: number,
  ) {
    const next = parameterStream(seed, 1);
    const shifted = () => {
      const v = next();
      return v ^ (v >>> 16);
    };
    this.s = Int32Array.from({ length: perms }, shifted);
    this.a = Int32Array.from({ length: perms }, () => next() | 1);
    this.t = Int32Array.from({ length: perms }, shifted);
    this.c = Int32Array.from({ length: perms }, () => next() | 1);
    this.sig = new Int32Array(2 * perms);
  }

  /**
   * The signature of a document's tokens into `sig`, or false when it has no token. A
   * document shorter than n tokens has one shingle, all of its tokens.
   */
  compute(tokens: TokenHashes): boolean {
    const m = this.hashShingles(tokens);
    if (m === 0) return false;
    // Permutation-outer: constants and running minima stay in registers while a pass scans
    // the shingle hashes. Four permutations per pass share each load of L[k] and give the CPU
    // four independent multiply chains (about 1.5× faster than one per pass: BENCHMARKS.md).
    let i = 0;
    for (; i + 4 <= this.perms; i += 4) this.fourPermutations(i, m);
    for (; i < this.perms; i++) this.onePermutation(i, m);
    return true;
  }

  private onePermutation(i: number, m: number): void {
    const { Lx: L, Hx: H, sig } = this;
    const si = this.s[i];
    const ai = this.a[i];
    let minHi = 0x7fffffff;
    let minLo = 0x7fffffff;
    for (let k = 0; k < m; k++) {
      let x = Math.imul(L[k] ^ si, ai);
      x ^= x >>> 15;
      if (x > minHi) continue;
      const y = this.lowHalf(H[k], i, x);
      if (x < minHi || y < minLo) {
        minHi = x;
        minLo = y;
      }
    }
    sig[2 * i] = minHi;
    sig[2 * i + 1] = minLo;
  }

  /** Permutations i … i+3 in one pass; the low half is computed only when a high half ties or beats its minimum. */
  private fourPermutations(i: number, m: number): void {
    const { Lx: L, Hx: H, s, a, sig } = this;
    const s0 = s[i], s1 = s[i + 1], s2 = s[i + 2], s3 = s[i + 3];
    const a0 = a[i], a1 = a[i + 1], a2 = a[i + 2], a3 = a[i + 3];
    let h0 = 0x7fffffff, h1 = 0x7fffffff, h2 = 0x7fffffff, h3 = 0x7fffffff;
    let l0 = 0x7fffffff, l1 = 0x7fffffff, l2 = 0x7fffffff, l3 = 0x7fffffff;
    for (let k = 0; k < m; k++) {
      const v = L[k];
      let x0 = Math.imul(v ^ s0, a0);
      let x1 = Math.imul(v ^ s1, a1);
      let x2 = Math.imul(v ^ s2, a2);
      let x3 = Math.imul(v ^ s3, a3);
      x0 ^= x0 >>> 15;
      x1 ^= x1 >>> 15;
      x2 ^= x2 >>> 15;
      x3 ^= x3 >>> 15;
      if (x0 <= h0) {
        const y = this.lowHalf(H[k], i, x0);
        if (x0 < h0 || y < l0) {
          h0 = x0;
          l0 = y;
        }
      }
      if (x1 <= h1) {
        const y = this.lowHalf(H[k], i + 1, x1);
        if (x1 < h1 || y < l1) {
          h1 = x1;
          l1 = y;
        }
      }
      if (x2 <= h2) {
        const y = this.lowHalf(H[k], i + 2, x2);
        if (x2 < h2 || y < l2) {
          h2 = x2;
          l2 = y;
        }
      }
      if (x3 <= h3) {
        const y = this.lowHalf(H[k], i + 3, x3);
        if (x3 < h3 || y < l3) {
          h3 = x3;
          l3 = y;
        }
      }
    }
    sig[2 * i] = h0;
    sig[2 * i + 1] = l0;
    sig[2 * i + 2] = h1;
    sig[2 * i + 3] = l1;
    sig[2 * i + 4] = h2;
    sig[2 * i + 5] = l2;
    sig[2 * i + 6] = h3;
    sig[2 * i + 7] = l3;
  }

  /** p_lo of permutation i for a shingle whose shifted lane H is `hk` and p_hi is `x`. */
  private lowHalf(hk: number, i: number, x: number): number {
    const y = Math.imul(hk ^ this.t[i], this.c[i]);
    return y ^ (y >>> 15) ^ x;
  }

  /** Step 1 alone: the shingle hashes of the tokens into `shingleLo`/`shingleHi`; returns their count. */
  hashShingles(tokens: TokenHashes): number {
    const count = tokens.count;
    this.shingleCount = 0;
    if (count === 0) return 0;
    const n = Math.min(this.ngram, count);
    const m = count - n + 1;
    if (this.L.length < m) {
      this.L = new Int32Array(2 * m);
      this.H = new Int32Array(2 * m);
      this.Lx = new Int32Array(2 * m);
      this.Hx = new Int32Array(2 * m);
    }
    const { lo: tl, hi: th } = tokens;
    const { L, H, Lx, Hx } = this;
    for (let k = 0; k < m; k++) {
      let l = 0x2545f491;
      let h = 0x6a09e667;
      for (let j = k; j < k + n; j++) {
        l = Math.imul(l ^ tl[j], 0x9e3779b1);
        l ^= l >>> 15;
        h = Math.imul(h ^ th[j], 0x85ebca77);
        h ^= h >>> 13;
      }
      l = fmix32(l) | 0;
      h = fmix32(h) | 0;
      L[k] = l;
      H[k] = h;
      Lx[k] = l ^ (l >>> 16);
      Hx[k] = h ^ (h >>> 16);
    }
    this.shingleCount = m;
    return m;
  }

  get shingleLo(): Int32Array {
    return this.L;
  }

  get shingleHi(): Int32Array {
    return this.H;
  }
}

/** Estimated Jaccard similarity of two signatures: the fraction of permutations whose minima agree. */
export function signatureAgreement(x: Int32Array, y: Int32Array): number {
  let same = 0;
  for (let i = 0; i < x.length; i += 2) if (x[i] === y[i] && x[i + 1] === y[i + 1]) same++;
  return same / (x.length / 2);
}
