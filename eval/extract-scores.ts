/**
 * The two benchmarks' metrics, re-implemented from their descriptions in
 * /work/shared/data/README.md (scrapinghub/article-extraction-benchmark `evaluate.py`,
 * trafilatura `tests/eval_common.py`).
 */

export interface Scores {
  precision: number;
  recall: number;
  f1: number;
  accuracy: number;
}

/** Token 4-gram shingles of `\w+` tokens (Python's Unicode `\w`: letters, digits, underscore; case kept), as a multiset. */
function shingles(text: string): Map<string, number> {
  const tokens = text.match(/[\p{L}\p{N}_]+/gu) ?? [];
  const counts = new Map<string, number>();
  const n = 4;
  // Python's shingle helper yields the whole sequence once when it is shorter than n.
  const last = Math.max(1, tokens.length - n + 1);
  for (let i = 0; i < last && tokens.length > 0; i++) {
    const key = tokens.slice(i, i + n).join(" ");
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** Per-document tp/fp/fn on shingle multisets, normalised to sum to 1 (all-zero when both texts are empty). */
export function shingleCounts(truth: string, predicted: string): { tp: number; fp: number; fn: number } {
  const t = shingles(truth);
  const p = shingles(predicted);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const [k, c] of p) {
    const tc = t.get(k) ?? 0;
    tp += Math.min(c, tc);
    fp += Math.max(0, c - tc);
  }
  for (const [k, c] of t) fn += Math.max(0, c - (p.get(k) ?? 0));
  const total = tp + fp + fn;
  return total === 0 ? { tp: 0, fp: 0, fn: 0 } : { tp: tp / total, fp: fp / total, fn: fn / total };
}

/** ScrapingHub: precision and recall averaged over documents, F1 from the averages; accuracy = exact token match. */
export function scrapinghubScores(pairs: readonly { truth: string; predicted: string }[]): Scores {
  const precisions: number[] = [];
  const recalls: number[] = [];
  let exact = 0;
  for (const { truth, predicted } of pairs) {
    const { tp, fp, fn } = shingleCounts(truth, predicted);
    // Documents where both texts are empty count in neither mean, as in evaluate.py.
    if (tp + fp > 0) precisions.push(tp / (tp + fp));
    if (tp + fn > 0) recalls.push(tp / (tp + fn));
    if (tokens(truth) === tokens(predicted)) exact++;
  }
  const precision = mean(precisions);
  const recall = mean(recalls);
  return { precision, recall, f1: (2 * precision * recall) / (precision + recall), accuracy: exact / pairs.length };
}

function tokens(text: string): string {
  return (text.match(/[\p{L}\p{N}_]+/gu) ?? []).join(" ");
}

function mean(xs: readonly number[]): number {
  return xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length;
}

export interface SegmentCounts {
  tp: number;
  fn: number;
  fp: number;
  tn: number;
}

/** trafilatura: whitespace-normalised substring tests of must-have and must-not-have segments, counted per segment. */
export function segmentCounts(output: string, withSegs: readonly string[], withoutSegs: readonly string[]): SegmentCounts {
  const text = normalise(output);
  const c: SegmentCounts = { tp: 0, fn: 0, fp: 0, tn: 0 };
  for (const s of withSegs) {
    if (text.includes(normalise(s))) c.tp++;
    else c.fn++;
  }
  for (const s of withoutSegs) {
    if (text.includes(normalise(s))) c.fp++;
    else c.tn++;
  }
  return c;
}

/** Micro-averaged over all segments of all documents. */
export function trafilaturaScores(c: SegmentCounts): Scores {
  return {
    precision: c.tp / (c.tp + c.fp),
    recall: c.tp / (c.tp + c.fn),
    accuracy: (c.tp + c.tn) / (c.tp + c.tn + c.fp + c.fn),
    f1: (2 * c.tp) / (2 * c.tp + c.fp + c.fn),
  };
}

function normalise(s: string): string {
  return s.replace(/\s+/g, " ").trim();
}
