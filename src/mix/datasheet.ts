import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import type { ContaminationFindings } from "../decontam/tally.js";
import { CONTAMINATION_DIR } from "../decontam/run-report.js";
import { formatBytes } from "../io/bytes.js";
import type { RunManifest } from "../run/manifest.js";
import { readJson } from "../run/run-dir.js";
import type { TaskStats } from "../stats/task-stats.js";
import { formatCount } from "./count-format.js";
import type { MixReport, SourceReport } from "./report.js";

/** What the datasheet needs of a source beyond its report: the run it came from. */
interface SheetSource {
  run?: RunManifest;
  source: { name: string; run?: string };
}

const pct = (x: number) => `${(100 * x).toFixed(2)} %`;
const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

function composition(r: MixReport): string[] {
  const out = [
    "| source | from | files | documents | bytes | tokens available | proportion asked | proportion achieved | tokens used | documents used | epochs |",
    "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
  ];
  for (const s of r.sources) {
    const from = "run" in s.from ? `run \`${s.from.run}\`` : s.from.files.map((f) => `\`${f}\``).join(", ");
    out.push(
      `| ${s.name} | ${cell(from)} | ${s.files} | ${s.documents} | ${formatBytes(s.bytes)} | ${s.available_tokens} | ${pct(s.asked_proportion)} | ${pct(s.achieved_proportion)} | ${s.used_tokens} | ${s.used_documents} | ${s.epochs.toFixed(2)}${s.capped ? " (capped)" : ""} |`,
    );
  }
  return out;
}

function shares(counts: Record<string, number>, unit: string): string {
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  const entries = Object.entries(counts).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  if (entries.length === 0) return "none stated in metadata";
  return entries.map(([k, v]) => `${k} ${formatCount(v)} ${unit} (${pct(v / total)})`).join(", ");
}

/** The pipeline a source run applied: each step with its resolved options (thresholds). */
function processing(s: SheetSource): string[] {
  if (!s.run) return [`### ${s.source.name}`, "", "Files given directly, not a winnow run: the processing they went through is not recorded here.", ""];
  const m = s.run;
  const out = [
    `### ${s.source.name}`,
    "",
    `Run \`${s.source.run}\`: pipeline \`${m.config.name ?? "?"}\`, winnow ${m.winnow_version}, created ${m.created}, config hash \`${m.config_hash}\`, seed ${m.config.seed}, ${m.inputs.length} input file(s).`,
  ];
  const statsFile = join(s.source.run!, "stats.json");
  if (existsSync(statsFile)) {
    const st = readJson<TaskStats>(statsFile);
    const removed = Object.entries(st.removed ?? {}).map(([step, reasons]) => `${step}: ${Object.values(reasons).reduce((a, b) => a + b, 0)}`);
    out.push(`Documents read ${st.read}, kept ${st.kept}, errors ${st.errors}${removed.length ? `; removed by ${removed.join(", ")}` : ""}.`);
  }
  out.push("", "| # | step | options (thresholds) |", "|--:|---|---|");
  m.config.steps.forEach((step, i) => out.push(`| ${i + 1} | ${step.instance === step.step ? step.step : `${step.step} (${step.instance})`} | \`${cell(JSON.stringify(step.options))}\` |`));
  out.push("");
  return out;
}

/** The run's merged decontamination reports (`contamination/<step>.json`), if any. */
function decontamination(s: SheetSource): string[] {
  const dir = s.source.run && join(s.source.run, CONTAMINATION_DIR);
  const files = dir && existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".json") && statSync(join(dir, f)).isFile()).sort() : [];
  if (files.length === 0) return [`- **${s.source.name}**: no decontamination report${s.run ? " in its run" : " (not a winnow run)"}.`];
  const out: string[] = [];
  for (const f of files) {
    const c = readJson<ContaminationFindings>(join(dir!, f));
    out.push(`- **${s.source.name}** (step \`${f.replace(/\.json$/, "")}\`, ${c.ngram}-grams): ${c.documents_contaminated} of ${c.documents_scanned} documents contaminated.`);
    for (const [name, b] of Object.entries(c.benchmarks)) out.push(`  - ${name}: ${b.items_found} of ${b.items} items found, in ${b.documents} documents`);
  }
  return out;
}

/** `DATASHEET.md` of a mix: what it is made of, where from, how it was processed. */
export function writeDatasheet(r: MixReport, sources: readonly SheetSource[], mixFile?: string): string {
  const lines = [
    "# Datasheet",
    "",
    `Written by \`winnow mix\`${mixFile ? ` from \`${mixFile}\`` : ""} (winnow ${r.winnow_version}). Tokenizer \`${r.tokenizer}\`, seed ${r.seed}.`,
    `Budget ${r.total_tokens} tokens${r.total_from_sizes ? " (none given: the largest mix that repeats no source)" : ""}; used ${r.used_tokens} tokens in ${r.output.documents} documents; at most ${r.max_epochs} epochs per source.`,
    `Proportions ${r.proportions_from === "proportions" ? "as given in the mix file" : `by temperature sampling, p ∝ n^${r.proportions_from.temperature_alpha}`}; token counts are of the text (no BOS/EOS).`,
    "",
    "## Composition",
    "",
    ...composition(r),
    "",
    "## Languages (tokens available, from metadata)",
    "",
    ...r.sources.map((s: SourceReport) => `- **${s.name}**: ${shares(s.languages, "tokens")}`),
    "",
    "## Licenses (documents, from metadata)",
    "",
    ...r.sources.map((s) => `- **${s.name}**: ${shares(s.licenses, "documents")}`),
    "",
    "## Processing",
    "",
    ...sources.flatMap(processing),
    "## Decontamination",
    "",
    ...sources.flatMap(decontamination),
    "",
  ];
  if (r.warnings.length) lines.push("## Warnings", "", ...r.warnings.map((w) => `- ${w}`), "");
  return lines.join("\n");
}
