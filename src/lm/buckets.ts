/**
 * CCNet's perplexity cut-offs: a document is `head` below the first, `middle` below the
 * second, else `tail` (cc_net/perplexity.py `PerplexityBucket`, cc_net/data/cutoff.csv: the
 * 30th and 60th percentiles per language of its SentencePiece + KenLM Wikipedia models).
 * They fit those models only; with another model, measure percentiles and set `buckets`.
 */
export const CCNET_CUTOFFS: Readonly<Record<string, readonly [number, number]>> = {
  en: [340, 520],
  de: [370, 590],
  fr: [180, 330],
  es: [180, 290],
  ru: [210, 310],
  zh: [1460, 1950],
  ja: [1110, 1450],
};

export type Bucket = "head" | "middle" | "tail";

export function bucketOf(perplexity: number, [head, middle]: readonly [number, number]): Bucket {
  return perplexity < head ? "head" : perplexity < middle ? "middle" : "tail";
}
