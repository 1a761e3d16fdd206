/**
 * Modified Kneser-Ney discounts of one order from its count-of-counts t1…t4 (Chen & Goodman
 * 1998, "An Empirical Study of Smoothing Techniques for Language Modeling", eq. 26; the same
 * estimate as KenLM's lmplz, lm/builder/adjust_counts.cc): Y = t1 / (t1 + 2 t2),
 * D1 = 1 − 2Y t2/t1, D2 = 2 − 3Y t3/t2, D3+ = 3 − 4Y t4/t3.
 */
export type Discounts = readonly [d1: number, d2: number, d3plus: number];

/** lmplz's `--discount_fallback` default, used when the estimate is undefined or out of range (tiny corpora). */
export const FALLBACK_DISCOUNTS: Discounts = [0.5, 1, 1.5];

export interface DiscountEstimate {
  discounts: Discounts;
  /** True when t1…t4 could not give valid discounts and the fallback was used. */
  fallback: boolean;
}

/** `t[j]` = number of n-grams of the order whose (adjusted) count is j, for j = 1…4. */
export function estimateDiscounts(t: ArrayLike<number>, fallback: Discounts = FALLBACK_DISCOUNTS): DiscountEstimate {
  const [t1, t2, t3, t4] = [t[1], t[2], t[3], t[4]];
  if (t1 > 0 && t2 > 0 && t3 > 0 && t4 > 0) {
    const y = t1 / (t1 + 2 * t2);
    const d: Discounts = [1 - (2 * y * t2) / t1, 2 - (3 * y * t3) / t2, 3 - (4 * y * t4) / t3];
    // lmplz rejects a discount outside (0, j]: it would give a negative or zero mass.
    if (d.every((x, i) => x > 0 && x <= i + 1)) return { discounts: d, fallback: false };
  }
  return { discounts: fallback, fallback: true };
}
