/**
 * The score in a model's answer. The rubric asks for `Educational score: <points>`; models
 * also write `**Educational score:** 3`, `Educational Score: 3/5`, `score: 4.0` or give the
 * score twice, so the last `[educational] score:` with a number counts. A number outside
 * [min, max] or no score at all is a parse failure with its reason.
 */
const SCORE = /(?:educational\s+)?score\s*\**\s*[:=]\s*\**\s*(-?\d+(?:\.\d+)?)\s*(?:\/\s*\d+)?/gi;

export type ParsedScore = { score: number } | { error: string };

export function parseScore(answer: string, min = 0, max = 5): ParsedScore {
  let last: string | undefined;
  for (const m of answer.matchAll(SCORE)) last = m[1];
  if (last === undefined) return { error: "no score in the answer (expected \"Educational score: <points>\")" };
  const score = Number(last);
  if (!(score >= min && score <= max)) return { error: `score ${last} outside ${min}–${max}` };
  return { score };
}
