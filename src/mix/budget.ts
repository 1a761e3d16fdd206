import { parseCount, formatCount } from "./count-format.js";
import type { MixReport } from "./report.js";

/**
 * Compute-optimal training tokens per parameter: Hoffmann et al. 2022 ("Training
 * Compute-Optimal Large Language Models", Table 3: 70B parameters ↔ 1.4T tokens) find
 * parameters and tokens should grow together, about 20 tokens per parameter.
 */
export const CHINCHILLA_TOKENS_PER_PARAM = 20;

/** `7B`, `1.3B`, `350M`, `7e9` → parameters; undefined when not a count. */
export function parseParams(value: string): number | undefined {
  return parseCount(value);
}

export interface Budget {
  params: number;
  tokens_per_param: number;
  optimal_tokens: number;
  /** Training compute ≈ 6·N·D FLOPs (Kaplan et al. 2020, §2.1). */
  flops: number;
}

export function computeOptimal(params: number, tokensPerParam = CHINCHILLA_TOKENS_PER_PARAM): Budget {
  const optimal = Math.round(params * tokensPerParam);
  return { params, tokens_per_param: tokensPerParam, optimal_tokens: optimal, flops: 6 * params * optimal };
}

/** Lines of `winnow budget`: the optimum, and how a mix's report covers it. */
export function formatBudget(b: Budget, mix?: MixReport, mixFile?: string): string {
  const out = [
    `parameters:              ${formatCount(b.params)} (${b.params})`,
    `compute-optimal tokens:  ${formatCount(b.optimal_tokens)} (${b.optimal_tokens}; Chinchilla, Hoffmann et al. 2022: ${b.tokens_per_param} tokens per parameter)`,
    `training compute:        ${b.flops.toExponential(2)} FLOPs (6·N·D)`,
  ];
  if (!mix) return out.join("\n");
  const unique = mix.sources.reduce((a, s) => a + Math.min(s.used_tokens, s.available_tokens), 0);
  const available = mix.sources.reduce((a, s) => a + s.available_tokens, 0);
  out.push(
    `mix${mixFile ? ` (${mixFile})` : ""}: ${formatCount(mix.used_tokens)} tokens = ${((100 * mix.used_tokens) / b.optimal_tokens).toPrecision(3)} % of the compute-optimal budget`,
    `  unique tokens used ${formatCount(unique)} of ${formatCount(available)} available (${((100 * unique) / b.optimal_tokens).toPrecision(3)} % of the budget)`,
  );
  // At the optimum, with the achieved proportions kept: how often each source would be repeated.
  out.push(`  at ${formatCount(b.optimal_tokens)} tokens with these proportions:`);
  for (const s of mix.sources) {
    const need = s.achieved_proportion * b.optimal_tokens;
    const epochs = s.available_tokens ? need / s.available_tokens : Infinity;
    const over = epochs > mix.max_epochs ? ` — more than max_epochs ${mix.max_epochs}` : "";
    out.push(`    ${s.name.padEnd(16)} ${formatCount(need).padStart(9)} tokens = ${epochs.toPrecision(3)} epochs of ${formatCount(s.available_tokens)}${over}`);
  }
  return out.join("\n");
}
