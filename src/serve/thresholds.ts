import type { StepSpec } from "../config/load.js";

/** Keep a document when its signal is ≥ the limit ("min"), > it ("above") or ≤ it ("max"). */
export type Direction = "min" | "above" | "max";

/** One threshold of one signal, with its value from the run's step options. */
export interface Threshold {
  /** The option that holds the limit (`min_doc_words`, `top_n_grams[2]`). */
  key: string;
  keep: Direction;
  limit: number;
  /** The removal reason the filter gives when this threshold fails. */
  reason: string;
}

type Rule = [signal: string, key: string, keep: Direction, reason: string];

/**
 * How each filter compares its signals with its options (read from the filters' sources: a
 * `min` rule drops below the limit, a `max` rule above it). Only what the what-if view and the
 * document view need: the signal name as written in annotate mode, the option, the reason.
 */
const RULES: Record<string, Rule[]> = {
  gopher_quality: [
    ["words", "min_doc_words", "min", "gopher_short_doc"],
    ["words", "max_doc_words", "max", "gopher_long_doc"],
    ["avg_word_length", "min_avg_word_length", "min", "gopher_below_avg_threshold"],
    ["avg_word_length", "max_avg_word_length", "max", "gopher_above_avg_threshold"],
    ["hash_ratio", "max_symbol_word_ratio", "max", "gopher_too_many_hashes"],
    ["ellipsis_ratio", "max_symbol_word_ratio", "max", "gopher_too_many_ellipsis"],
    ["bullet_lines_ratio", "max_bullet_lines_ratio", "max", "gopher_too_many_bullets"],
    ["end_ellipsis_lines_ratio", "max_ellipsis_lines_ratio", "max", "gopher_too_many_end_ellipsis"],
    ["alpha_words_ratio", "max_non_alpha_words_ratio", "min", "gopher_below_alpha_threshold"],
    ["stop_words", "min_stop_words", "min", "gopher_enough_stop_words"],
  ],
  gopher_repetition: [
    ["dup_line_frac", "dup_line_frac", "max", "dup_line_frac"],
    ["dup_para_frac", "dup_para_frac", "max", "dup_para_frac"],
    ["dup_line_char_frac", "dup_line_char_frac", "max", "dup_line_char_frac"],
    ["dup_para_char_frac", "dup_para_char_frac", "max", "dup_para_char_frac"],
  ],
  fineweb_quality: [
    ["line_punct_ratio", "line_punct_thr", "min", "line_punct_ratio"],
    ["short_line_ratio", "short_line_thr", "max", "short_line_ratio"],
    ["char_dup_ratio", "char_duplicates_ratio", "max", "char_dup_ratio"],
    ["list_ratio", "new_line_ratio", "max", "list_ratio"],
  ],
  language: [["score", "min_score", "above", "below_threshold"]],
  c4_quality: [["sentences", "min_num_sentences", "min", "too_few_sentences"]],
  c4_paragraph: [["long_lines", "min_paragraphs", "min", "too_few_paragraphs"]],
  length: [
    ["words", "min_words", "min", "too_few_words"],
    ["words", "max_words", "max", "too_many_words"],
    ["chars", "min_chars", "min", "too_few_chars"],
    ["chars", "max_chars", "max", "too_many_chars"],
  ],
};

/** Signals written as top-level metadata fields, by step. */
const TOP_LEVEL: Record<string, Rule[]> = {
  language: [["lang_score", "min_score", "above", "below_threshold"]],
  perplexity: [["perplexity", "max_perplexity", "max", "too_perplexing"]],
};

/** The thresholds of a step instance with the limits its options hold (disabled ones, `null` or -1, left out). */
export function stepThresholds(spec: StepSpec): { rules: Threshold[]; signal: string; topLevel: boolean }[] {
  const out: { rules: Threshold[]; signal: string; topLevel: boolean }[] = [];
  const add = (signal: string, topLevel: boolean, t: Threshold) => {
    let entry = out.find((e) => e.signal === signal);
    if (!entry) out.push((entry = { signal, topLevel, rules: [] }));
    entry.rules.push(t);
  };
  for (const [rules, topLevel] of [[RULES[spec.step] ?? [], false], [TOP_LEVEL[spec.step] ?? [], true]] as const) {
    for (const [signal, key, keep, reason] of rules) {
      const limit = spec.options[key];
      if (typeof limit === "number" && limit !== -1) add(signal, topLevel, { key, keep, limit, reason });
    }
  }
  // Gopher repetition's n-gram rules are [n, limit] pairs: one signal per n.
  if (spec.step === "gopher_repetition") {
    for (const [key, prefix, suffix] of [["top_n_grams", "top_", "_gram"], ["dup_n_grams", "duplicated_", "_n_grams"]] as const) {
      const pairs = spec.options[key];
      if (!Array.isArray(pairs)) continue;
      for (const [k, pair] of pairs.entries()) {
        if (!Array.isArray(pair) || typeof pair[0] !== "number" || typeof pair[1] !== "number") continue;
        const name = `${prefix}${pair[0]}${suffix}`;
        add(name, false, { key: `${key}[${k}]`, keep: "max", limit: pair[1], reason: name });
      }
    }
  }
  return out;
}

/** Whether `value` passes a threshold. */
export function passes(value: number, t: { keep: Direction; limit: number }): boolean {
  return t.keep === "min" ? value >= t.limit : t.keep === "above" ? value > t.limit : value <= t.limit;
}
