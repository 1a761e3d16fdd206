const SUFFIX: Record<string, number> = { "": 1, k: 1e3, m: 1e6, b: 1e9, g: 1e9, t: 1e12 };

/**
 * A count written for people: `140B`, `1.3B`, `350M`, `20k`, `7e9` or a plain number.
 * B means billion (10^9), as in model sizes; undefined when it is not a count.
 */
export function parseCount(value: string | number): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) && value > 0 ? value : undefined;
  const m = /^\s*(\d+(?:\.\d+)?(?:e\d+)?)\s*([kmbgt]?)\s*$/i.exec(value);
  if (!m) return undefined;
  const n = Number(m[1]) * SUFFIX[m[2].toLowerCase()];
  return Number.isFinite(n) && n > 0 ? n : undefined;
}

/** `140.0B`, `3.2M`, `512`: a count shortened for tables. */
export function formatCount(n: number): string {
  const a = Math.abs(n);
  if (a >= 1e12) return `${(n / 1e12).toFixed(2)}T`;
  if (a >= 1e9) return `${(n / 1e9).toFixed(2)}B`;
  if (a >= 1e6) return `${(n / 1e6).toFixed(2)}M`;
  if (a >= 1e4) return `${(n / 1e3).toFixed(1)}k`;
  return String(Math.round(n));
}
