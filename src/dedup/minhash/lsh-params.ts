/**
 * Banding (Leskovec, Rajaraman, Ullman, "Mining of Massive Datasets", §3.4): signatures cut
 * into b bands of r rows become candidates when some band agrees entirely, which happens
 * with probability 1 − (1 − s^r)^b at Jaccard s. FineWeb's 14 × 8 gives 56%, 77%, 92% and
 * 98.8% at s = 0.70, 0.75, 0.80, 0.85 (datatrove `examples/fineweb.py`).
 */
export function matchProbability(s: number, bands: number, rows: number): number {
  return 1 - (1 - s ** rows) ** bands;
}

/**
 * The (bands, rows) with bands × rows ≤ perms that minimize the weighted false-positive area
 * ∫₀ᵗ P(s) ds plus false-negative area ∫ₜ¹ (1 − P(s)) ds — the rule of datasketch's
 * `MinHashLSH._optimal_param` that text-dedup uses (weights 0.5 / 0.5). Ties keep the first
 * found (fewest bands). Integrals by Simpson's rule on 256 intervals.
 */
export function optimalBandsRows(threshold: number, perms: number, fpWeight = 0.5, fnWeight = 0.5): { bands: number; rows: number } {
  let best = { bands: 1, rows: 1 };
  let bestError = Infinity;
  for (let b = 1; b <= perms; b++) {
    for (let r = 1; r * b <= perms; r++) {
      const fp = simpson((s) => matchProbability(s, b, r), 0, threshold);
      const fn = simpson((s) => 1 - matchProbability(s, b, r), threshold, 1);
      const error = fpWeight * fp + fnWeight * fn;
      if (error < bestError) {
        bestError = error;
        best = { bands: b, rows: r };
      }
    }
  }
  return best;
}

function simpson(f: (x: number) => number, from: number, to: number, intervals = 256): number {
  const h = (to - from) / intervals;
  let sum = f(from) + f(to);
  for (let i = 1; i < intervals; i++) sum += f(from + i * h) * (i % 2 === 1 ? 4 : 2);
  return (sum * h) / 3;
}
