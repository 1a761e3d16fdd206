import { UserError } from "../core/errors.js";

export interface SourceSize {
  name: string;
  /** Temperature sampling groups sources (a language, a domain); default: the source alone. */
  group: string;
  available: number;
}

export interface SourceQuota {
  name: string;
  /** Share of the budget asked for, in tokens. */
  proportion: number;
  /** Tokens asked for: proportion × total. */
  asked: number;
  /** Tokens that will be taken: `asked`, capped at max_epochs × available. */
  quota: number;
  /** Whole passes over the source, then `remainder` tokens of a further, partial pass. */
  fullEpochs: number;
  remainder: number;
  capped: boolean;
}

/**
 * Temperature sampling (as in XLM-R, Conneau et al. 2020, and mT5, Xue et al. 2021): group g
 * gets p_g = n_g^α / Σ n^α of the budget, n_g its available tokens; within a group, sources
 * share p_g in proportion to their sizes. α = 1 keeps natural sizes; α < 1 upweights the small.
 */
export function temperatureProportions(sizes: readonly SourceSize[], alpha: number): Map<string, number> {
  const groups = new Map<string, number>();
  for (const s of sizes) groups.set(s.group, (groups.get(s.group) ?? 0) + s.available);
  let z = 0;
  for (const n of groups.values()) z += n ** alpha;
  const out = new Map<string, number>();
  for (const s of sizes) {
    const n = groups.get(s.group)!;
    out.set(s.name, n === 0 ? 0 : ((n ** alpha / z) * s.available) / n);
  }
  return out;
}

/**
 * The budget: `total` when given, else the largest total at which no source is repeated
 * (min over sources of available / proportion), so that a mix without a budget never upsamples.
 */
export function resolveTotal(sizes: readonly SourceSize[], proportions: Map<string, number>, total: number | undefined): number {
  for (const s of sizes) {
    if (s.available === 0 && proportions.get(s.name)! > 0) throw new UserError(`sources: "${s.name}" has no tokens (no documents found) but a proportion of ${proportions.get(s.name)}`);
  }
  if (total !== undefined) return total;
  let t = Infinity;
  for (const s of sizes) {
    const p = proportions.get(s.name)!;
    if (p > 0) t = Math.min(t, s.available / p);
  }
  return Math.floor(t);
}

/** Per source: tokens asked and taken, as whole epochs plus a remainder; capped at max_epochs. */
export function sourceQuotas(sizes: readonly SourceSize[], proportions: Map<string, number>, total: number, maxEpochs: number): SourceQuota[] {
  return sizes.map((s) => {
    const proportion = proportions.get(s.name)!;
    const asked = Math.round(proportion * total);
    const cap = Math.floor(maxEpochs * s.available);
    const quota = Math.min(asked, cap);
    const fullEpochs = s.available === 0 ? 0 : Math.floor(quota / s.available);
    return { name: s.name, proportion, asked, quota, fullEpochs, remainder: quota - fullEpochs * s.available, capped: asked > cap };
  });
}
