import { existsSync, mkdirSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { configHash, type PipelineConfig } from "../config/load.js";
import { collectPaths } from "../config/paths.js";
import { registry } from "../core/registry.js";
import { UserError } from "../core/errors.js";
import { listInputs, type FileStamp } from "../plan/list-inputs.js";
import { planTasks } from "../plan/plan.js";
import { planStages } from "../plan/stages.js";
import { WINNOW_VERSION, readManifest, type RunManifest } from "./manifest.js";
import { RUN_ENTRIES, RUN_FILE, ensureRunDirs, wipeRun, writeJsonAtomic } from "./run-dir.js";
import { configureStorage, storageFor } from "../storage/index.js";
import { publishRunFiles } from "../storage/publish.js";
import { joinUrl } from "../storage/url.js";

/**
 * Plans a new run, or checks that an existing run directory belongs to the same config and
 * inputs before it is resumed. A mismatch is refused unless `restart` is set, because mixing
 * outputs of two configs would give a result that no single run produces.
 */
export async function prepareRun(cfg: PipelineConfig, restart: boolean): Promise<RunManifest> {
  const runDir = cfg.output;
  const hash = configHash(cfg);
  configureStorage(cfg.storage);
  const inputs = await listInputs(cfg.input.paths, cfg.baseDir, cfg.input.format, cfg.input.listing);
  if (cfg.output_url && (restart || !existsSync(join(runDir, RUN_FILE)))) await checkRemoteRun(cfg.output_url, hash, restart);
  if (existsSync(join(runDir, RUN_FILE))) {
    if (restart) {
      wipeRun(runDir);
    } else {
      const previous = readManifest(runDir);
      if (previous.config_hash !== hash) {
        throw new UserError(
          `${runDir} holds a run of a different config (hash ${previous.config_hash}, now ${hash}); ` +
            `run with --restart to discard it and start over, or choose another output directory`,
        );
      }
      const changed = inputChange(previous.inputs, inputs) ?? inputChange(previous.step_files ?? [], stepFiles(cfg));
      if (changed) {
        throw new UserError(`the input changed since ${runDir} was started: ${changed}; run with --restart to start over`);
      }
      ensureRunDirs(runDir);
      return previous;
    }
  }
  mkdirSync(runDir, { recursive: true });
  ensureRunDirs(runDir);
  const tasks = planTasks(inputs, cfg.tasks.max_bytes);
  const manifest: RunManifest = {
    winnow_version: WINNOW_VERSION,
    created: new Date().toISOString(),
    config_hash: hash,
    config: cfg,
    inputs,
    step_files: stepFiles(cfg),
    tasks,
    stages: planStages(cfg.steps, tasks.length, inputs.reduce((a, f) => a + f.size, 0)),
  };
  writeJsonAtomic(join(runDir, RUN_FILE), manifest);
  if (cfg.output_url) await publishRunFiles(runDir, cfg.output_url, [RUN_FILE]);
  return manifest;
}

/**
 * A URL output whose staging directory is new (another machine, or deleted): a run of another
 * config there is refused as locally, and `--restart` deletes the run's objects there.
 */
async function checkRemoteRun(url: string, hash: string, restart: boolean): Promise<void> {
  const store = storageFor(url);
  const existing = await store.stat(joinUrl(url, RUN_FILE));
  if (!existing) return;
  if (restart) {
    const own = new Set(RUN_ENTRIES);
    const doomed: string[] = [];
    for await (const o of store.list(url + "/")) if (own.has(o.url.slice(url.length + 1).split("/")[0])) doomed.push(o.url);
    await store.remove(doomed);
    return;
  }
  const chunks: Buffer[] = [];
  for await (const c of store.read(joinUrl(url, RUN_FILE))) chunks.push(c as Buffer);
  const previous = JSON.parse(Buffer.concat(chunks).toString("utf8")) as RunManifest;
  if (previous.config_hash !== hash) {
    throw new UserError(`${url} holds a run of a different config (hash ${previous.config_hash}, now ${hash}); run with --restart to delete it and start over, or choose another output`);
  }
}

export function inputChange(before: FileStamp[], now: FileStamp[]): string | undefined {
  const old = new Map(before.map((f) => [f.source, f]));
  for (const f of now) {
    const o = old.get(f.source);
    if (!o) return `new file ${f.source}`;
    if (o.size !== f.size || o.mtime_ms !== f.mtime_ms) return `${f.source} was modified`;
    old.delete(f.source);
  }
  const [gone] = old.keys();
  return gone === undefined ? undefined : `${gone} is gone`;
}

/**
 * The files that steps read (models, block lists, benchmark sets), with size and mtime: a
 * model swapped under a run would otherwise change results silently on resume.
 */
function stepFiles(cfg: PipelineConfig): FileStamp[] {
  const files: FileStamp[] = [];
  const add = (path: string, owner: string) => {
    let st;
    try {
      st = statSync(path);
    } catch {
      // Here, before any task starts, rather than as a failed task once a worker reaches the step.
      throw new UserError(`${owner}: no such file or folder: ${path}`);
    }
    if (st.isDirectory()) {
      for (const e of readdirSync(path).sort()) add(join(path, e), owner);
    } else {
      files.push({ source: path, size: st.size, mtime_ms: Math.floor(st.mtimeMs) });
    }
  };
  cfg.steps.forEach((spec, i) => {
    for (const { key, path } of collectPaths(registry.get(spec.step)!.schema, spec.options)) add(path, `steps[${i}].${spec.step}.${key}`);
  });
  return files;
}
