import { join } from "node:path";
import { listInputs, type InputFile } from "../plan/list-inputs.js";
import { readManifest, type RunManifest } from "../run/manifest.js";
import { DIRS } from "../run/run-dir.js";
import type { MixSource } from "./options.js";

export interface ResolvedSource {
  source: MixSource;
  files: InputFile[];
  /** The source run's run.json, when the source is a run. */
  run?: RunManifest;
}

/** A source's files in a fixed order: a run's kept documents (`output/`), or its `files:` globs. */
export async function resolveSource(source: MixSource, baseDir: string): Promise<ResolvedSource> {
  if (source.run !== undefined) {
    return { source, files: await listInputs([join(source.run, DIRS.output)], baseDir), run: readManifest(source.run) };
  }
  return { source, files: await listInputs(source.files!, baseDir) };
}
