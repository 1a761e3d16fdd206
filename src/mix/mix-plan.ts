import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { UserError } from "../core/errors.js";
import type { FileStamp } from "../plan/list-inputs.js";
import { WINNOW_VERSION } from "../run/manifest.js";
import { inputChange } from "../run/prepare.js";
import { readJson, writeJsonAtomic } from "../run/run-dir.js";
import type { LoadedMix } from "./load.js";

export const MIX_PLAN = "mix-plan.json";
export const MIX_REPORT = "mix-report.json";
export const DATASHEET = "DATASHEET.md";
export const BUCKETS_DIR = ".buckets";
export const TOKENS_DIR = "tokens";

/**
 * What a mix folder was started for: the config's hash and the inputs' stamps. A rerun with
 * both unchanged resumes; otherwise it is refused unless `--restart`, because parts of two
 * different mixes would make a set that no single mix produces.
 */
export interface MixPlan {
  winnow_version: string;
  config_hash: string;
  inputs: FileStamp[];
  /** The selection it led to, per source: tokens asked, full epochs, remainder tokens. */
  selection?: { name: string; quota: number; full_epochs: number; remainder: number }[];
}

export function mixConfigHash(cfg: LoadedMix): string {
  // The output folder and the count cache's place do not change what the mix holds.
  const { output, cache_dir: _cache, baseDir: _base, ...rest } = cfg;
  const { dir: _dir, ...out } = output;
  return createHash("sha256").update(JSON.stringify({ ...rest, output: out })).digest("hex").slice(0, 16);
}

/** Is `name` a file or folder a mix writes (so that `--restart` and a new mix may delete it)? */
function isMixEntry(name: string): boolean {
  return /^mix-\d{5}\.jsonl\.zst(\.tmp)?$/.test(name) || [TOKENS_DIR, BUCKETS_DIR, MIX_REPORT, DATASHEET, MIX_PLAN].some((n) => name === n || name === `${n}.tmp`);
}

/** Removes what an earlier mix wrote to the output folder (and nothing else). */
export function clearMixOutput(dir: string): void {
  mkdirSync(dir, { recursive: true });
  for (const name of readdirSync(dir)) if (isMixEntry(name)) rmSync(join(dir, name), { recursive: true, force: true });
}

/**
 * Starts a mix in `dir` or checks that the mix there is this one: returns true when it may be
 * resumed, false when the folder was cleared for a fresh start.
 */
export function openMixDir(cfg: LoadedMix, inputs: FileStamp[], restart: boolean): boolean {
  const dir = cfg.output.dir;
  const hash = mixConfigHash(cfg);
  const planPath = join(dir, MIX_PLAN);
  if (existsSync(planPath) && !restart) {
    const previous = readJson<MixPlan>(planPath);
    if (previous.config_hash !== hash) {
      throw new UserError(
        `${dir} holds a mix of a different config (hash ${previous.config_hash}, now ${hash}); ` +
          `run with --restart to discard it and start over, or choose another output directory`,
      );
    }
    const changed = inputChange(previous.inputs, inputs);
    if (changed) throw new UserError(`the input changed since ${dir} was started: ${changed}; run with --restart to start over`);
    return true;
  }
  clearMixOutput(dir);
  writeJsonAtomic(planPath, { winnow_version: WINNOW_VERSION, config_hash: hash, inputs } satisfies MixPlan);
  return false;
}

/** Records the selection in the plan once made (it follows from config and inputs). */
export function recordSelection(dir: string, selection: NonNullable<MixPlan["selection"]>): void {
  const planPath = join(dir, MIX_PLAN);
  const plan = readJson<MixPlan>(planPath);
  if (plan.selection) return;
  writeJsonAtomic(planPath, { ...plan, selection });
}
