/** Bins shared by several series, so that their distributions can be drawn side by side. */
export interface Histogram {
  labels: string[];
  /** counts[series][bin] */
  counts: number[][];
  scale: "integer" | "linear" | "log";
}

const BINS = 20;
const compact = new Intl.NumberFormat("en-US", { notation: "compact", maximumSignificantDigits: 3 });

/**
 * One bin per value for small integer ranges (cluster sizes); logarithmic bins (of x + 1) for
 * non-negative values spanning two orders of magnitude or more (lengths, whose tails are long);
 * equal-width bins otherwise (ratios, scores). Undefined when no series holds a finite value.
 */
export function histogram(series: readonly (readonly number[])[], bins = BINS): Histogram | undefined {
  let min = Infinity;
  let max = -Infinity;
  let integers = true;
  for (const values of series) {
    for (const x of values) {
      if (!Number.isFinite(x)) continue;
      if (x < min) min = x;
      if (x > max) max = x;
      if (integers && !Number.isInteger(x)) integers = false;
    }
  }
  if (min > max) return undefined;

  if (integers && max - min < 2 * bins) {
    const n = max - min + 1;
    return {
      labels: Array.from({ length: n }, (_, i) => compact.format(min + i)),
      counts: series.map((values) => count(values, n, (x) => x - min)),
      scale: "integer",
    };
  }
  const log = min >= 0 && max + 1 >= 100 * (min + 1);
  const f = log ? (x: number) => Math.log10(x + 1) : (x: number) => x;
  const inv = log ? (y: number) => 10 ** y - 1 : (y: number) => y;
  const lo = f(min);
  const width = (f(max) - lo) / bins;
  if (width === 0) return { labels: [compact.format(min)], counts: series.map((v) => [v.filter(Number.isFinite).length]), scale: "linear" };
  const edge = (i: number) => inv(lo + i * width);
  return {
    labels: Array.from({ length: bins }, (_, i) => `${compact.format(edge(i))}–${compact.format(edge(i + 1))}`),
    counts: series.map((values) => count(values, bins, (x) => Math.floor((f(x) - lo) / width))),
    scale: log ? "log" : "linear",
  };
}

function count(values: readonly number[], bins: number, binOf: (x: number) => number): number[] {
  const counts = new Array<number>(bins).fill(0);
  for (const x of values) {
    if (Number.isFinite(x)) counts[Math.min(bins - 1, Math.max(0, binOf(x)))]++;
  }
  return counts;
}
