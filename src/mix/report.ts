import type { CountStats } from "./count-cache.js";
import { formatCount } from "./count-format.js";
import type { TokenOutputSummary } from "./token-output.js";

/** One source in `mix-report.json`: what it holds, what was asked of it and what it gave. */
export interface SourceReport {
  name: string;
  group: string;
  /** The run directory or the `files:` patterns. */
  from: { run: string } | { files: string[] };
  files: number;
  documents: number;
  bytes: number;
  available_tokens: number;
  read_errors: number;
  asked_proportion: number;
  asked_tokens: number;
  used_tokens: number;
  used_documents: number;
  used_bytes: number;
  achieved_proportion: number;
  /** used / available tokens. */
  epochs: number;
  full_epochs: number;
  /** The quota was cut to max_epochs × available tokens. */
  capped: boolean;
  /** Tokens of the source per stated language ("unknown" when unstated). */
  languages: Record<string, number>;
  /** Documents of the source per stated license. */
  licenses: Record<string, number>;
}

/** `mix-report.json`: what the mix asked for against what it achieved. */
export interface MixReport {
  winnow_version: string;
  seed: number;
  tokenizer: string;
  /** Proportions came from the mix file, or from temperature sampling with this alpha. */
  proportions_from: "proportions" | { temperature_alpha: number };
  total_tokens: number;
  /** True when total_tokens was not given: the largest mix that repeats no source. */
  total_from_sizes: boolean;
  used_tokens: number;
  max_epochs: number;
  sources: SourceReport[];
  warnings: string[];
  count_cache: CountStats;
  output: { dir: string; files: string[]; documents: number; buckets: number; tokens?: TokenOutputSummary };
}

const pct = (x: number) => `${(100 * x).toFixed(2)}%`;

/** The table `winnow mix` prints. */
export function formatMixReport(r: MixReport): string {
  const head = ["source", "asked", "achieved", "available", "asked tok", "used tok", "docs used", "epochs"];
  const rows = r.sources.map((s) => [
    s.name,
    pct(s.asked_proportion),
    pct(s.achieved_proportion),
    formatCount(s.available_tokens),
    formatCount(s.asked_tokens),
    formatCount(s.used_tokens),
    String(s.used_documents),
    s.epochs.toFixed(2) + (s.capped ? " (capped)" : ""),
  ]);
  rows.push(["total", pct(1), pct(1), formatCount(r.sources.reduce((a, s) => a + s.available_tokens, 0)), formatCount(r.total_tokens), formatCount(r.used_tokens), String(r.output.documents), ""]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  const out = [line(head), ...rows.map(line)];
  for (const w of r.warnings) out.push(`warning: ${w}`);
  const c = r.count_cache;
  out.push(`token counts (${r.tokenizer}): ${c.files_cached} file(s) from cache, ${c.files_counted} counted (${(c.bytes_read / 1e6).toFixed(1)} MB read)`);
  return out.join("\n");
}
