/**
 * A mergeable summary of observed values: count, sum, min, max, mean and variance
 * (Welford's update; Chan et al.'s formula to merge), so per-task stats add up exactly to
 * what one pass over the whole run would give.
 */
export interface Metric {
  n: number;
  sum: number;
  min: number;
  max: number;
  mean: number;
  /** Sum of squared deviations from the mean. */
  m2: number;
}

export function emptyMetric(): Metric {
  return { n: 0, sum: 0, min: Infinity, max: -Infinity, mean: 0, m2: 0 };
}

export function observe(m: Metric, x: number): void {
  m.n++;
  m.sum += x;
  if (x < m.min) m.min = x;
  if (x > m.max) m.max = x;
  const d = x - m.mean;
  m.mean += d / m.n;
  m.m2 += d * (x - m.mean);
}

export function mergeMetric(a: Metric, b: Metric): Metric {
  if (a.n === 0) return { ...b };
  if (b.n === 0) return { ...a };
  const n = a.n + b.n;
  const d = b.mean - a.mean;
  return {
    n,
    sum: a.sum + b.sum,
    min: Math.min(a.min, b.min),
    max: Math.max(a.max, b.max),
    mean: a.mean + (d * b.n) / n,
    m2: a.m2 + b.m2 + (d * d * a.n * b.n) / n,
  };
}

export function variance(m: Metric): number {
  return m.n > 1 ? m.m2 / (m.n - 1) : 0;
}
