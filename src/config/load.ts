import { createHash } from "node:crypto";
import { basename, dirname, extname, join, resolve } from "node:path";
import { readYamlFile } from "./yaml-file.js";
import type { z } from "zod";
import { UserError } from "../core/errors.js";
import { registry, stepNames } from "../core/registry.js";
import { isUrl, schemeOf } from "../storage/url.js";
import { formatIssues } from "./issues.js";
import { resolvePaths } from "./paths.js";
import { pipelineSchema } from "./schema.js";

export interface StepSpec {
  /** Registered step name (`length`). */
  step: string;
  /** Instance name, unique in the pipeline (`length`, `length_2`): names `removed/<instance>/`. */
  instance: string;
  /** Options after validation, defaults filled in. */
  options: Record<string, unknown>;
  /** The run folder the step writes its own files to (its `outputDir`), if any. */
  output_dir?: string;
}

export type PipelineConfig = Omit<z.output<typeof pipelineSchema>, "steps" | "name"> & {
  name: string;
  /** Directory the pipeline file is in: input paths are relative to it. */
  baseDir: string;
  /** Where the run's files end up when `output` is a URL; `output` is then the local staging run directory. */
  output_url?: string;
  steps: StepSpec[];
};

/** Reads and validates a pipeline file; every problem is named by its path. */
export function loadPipeline(file: string): PipelineConfig {
  const name = basename(file, extname(file));
  return parsePipeline(readYamlFile(file, "pipeline file"), dirname(resolve(file)), name, file);
}

export function parsePipeline(raw: unknown, baseDir: string, defaultName: string, label = "pipeline"): PipelineConfig {
  const top = pipelineSchema.safeParse(raw, { reportInput: true });
  const problems: string[] = top.success ? [] : formatIssues(top.error, pipelineSchema);
  const steps: StepSpec[] = [];
  const rawSteps: unknown = (raw as { steps?: unknown } | null)?.steps;
  if (Array.isArray(rawSteps)) {
    const seen = new Map<string, number>();
    rawSteps.forEach((entry, i) => {
      const parsed = parseStep(entry, i, problems, baseDir);
      if (!parsed) return;
      const n = (seen.get(parsed.step) ?? 0) + 1;
      seen.set(parsed.step, n);
      steps.push({ ...parsed, instance: n === 1 ? parsed.step : `${parsed.step}_${n}` });
    });
    const writeAt = steps.findIndex((s) => s.step === "write");
    if (writeAt !== -1 && writeAt !== steps.length - 1) {
      problems.push(`steps[${writeAt}].write: write must be the last step`);
    }
    if (steps.length && writeAt === -1) steps.push({ step: "write", instance: "write", options: registry.get("write")!.schema.parse({}) as Record<string, unknown> });
  }
  if (problems.length || !top.success) {
    throw new UserError(`${label}: invalid pipeline\n` + problems.map((p) => `  ${p}`).join("\n"));
  }
  const cfg = top.data;
  return {
    ...cfg,
    name: cfg.name ?? defaultName,
    baseDir,
    ...outputOf(cfg.output, cfg.storage.staging_dir, baseDir),
    steps,
  };
}

/** A URL output is worked on in a local staging directory and published to the URL task by task. */
function outputOf(output: string, staging: string | undefined, baseDir: string): { output: string; output_url?: string } {
  if (!isUrl(output)) return { output: resolve(baseDir, output) };
  schemeOf(output);
  const url = output.replace(/\/+$/, "");
  const local = staging ?? join(".winnow-staging", url.replace(/^[a-z0-9+.-]+:\/\//i, "").replace(/[^A-Za-z0-9._/-]/g, "_"));
  return { output: resolve(baseDir, local), output_url: url };
}

function parseStep(entry: unknown, i: number, problems: string[], baseDir: string): Omit<StepSpec, "instance"> | undefined {
  if (entry === null || typeof entry !== "object" || Array.isArray(entry) || Object.keys(entry).length !== 1) {
    problems.push(`steps[${i}]: expected a mapping with one key, the step name (e.g. "- length: {min_words: 50}")`);
    return undefined;
  }
  const [step, options] = Object.entries(entry)[0];
  const def = registry.get(step);
  if (!def) {
    problems.push(`steps[${i}]: unknown step "${step}" (valid steps: ${stepNames().join(", ")})`);
    return undefined;
  }
  const result = def.schema.safeParse(options ?? {}, { reportInput: true });
  if (!result.success) {
    problems.push(...formatIssues(result.error, def.schema, ["steps", i, step]).map((p) => p));
    return undefined;
  }
  return { step, options: resolvePaths(def.schema, result.data, baseDir) as Record<string, unknown>, ...(def.outputDir ? { output_dir: def.outputDir } : {}) };
}

/**
 * Hash of everything that decides the output: input, seed, task plan settings and steps.
 * Not the name, output path or worker count.
 */
export function configHash(cfg: PipelineConfig): string {
  const decisive = { input: cfg.input, seed: cfg.seed, tasks: cfg.tasks, removed: cfg.removed, steps: cfg.steps };
  return createHash("sha256").update(canonicalJson(decisive)).digest("hex").slice(0, 16);
}

function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== "object") return JSON.stringify(v) ?? "null";
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonicalJson(x)}`).join(",")}}`;
}
