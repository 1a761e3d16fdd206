import { existsSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { readYamlFile } from "../config/yaml-file.js";
import { formatIssues } from "../config/issues.js";
import { UserError } from "../core/errors.js";
import { RUN_FILE } from "../run/run-dir.js";
import { ENCODINGS } from "../tokenize/options.js";
import { mixSchema, type MixConfig } from "./options.js";

/** A mix file after validation, with every path absolute. */
export interface LoadedMix extends MixConfig {
  /** Folder of the mix file: `files:` globs are relative to it. */
  baseDir: string;
}

/**
 * Reads and validates a mix file (YAML). Problems name their key (`sources[1].run: …`);
 * `run`, `output.dir`, `cache_dir` and a tokenizer.json path are relative to the file's folder.
 */
export function loadMix(file: string): LoadedMix {
  return validateMix(readYamlFile(file, "mix file"), dirname(resolve(file)), file);
}

/** Validates a parsed mix config; `where` names it in messages. */
export function validateMix(raw: unknown, baseDir: string, where = "mix"): LoadedMix {
  const r = mixSchema.safeParse(raw, { reportInput: true });
  if (!r.success) throw new UserError(`${where}: invalid mix\n` + formatIssues(r.error, mixSchema).map((p) => `  ${p}`).join("\n"));
  const abs = (p: string) => (isAbsolute(p) ? p : resolve(baseDir, p));
  const m = r.data;
  const problems: string[] = [];
  const sources = m.sources.map((s, i) => {
    if (s.run === undefined) return s;
    const run = abs(s.run);
    if (!existsSync(join(run, RUN_FILE))) problems.push(`sources[${i}].run: ${run} is not a winnow run directory (no ${RUN_FILE})`);
    return { ...s, run };
  });
  const encoding = (ENCODINGS as readonly string[]).includes(m.tokenizer);
  const tokenizer = encoding ? m.tokenizer : abs(m.tokenizer);
  if (!encoding && !existsSync(tokenizer)) problems.push(`tokenizer: expected ${ENCODINGS.join(" or ")} or a tokenizer.json file, got "${m.tokenizer}" (no such file ${tokenizer})`);
  if (problems.length) throw new UserError(`${where}: invalid mix\n` + problems.map((p) => `  ${p}`).join("\n"));
  return { ...m, sources, tokenizer, cache_dir: abs(m.cache_dir), output: { ...m.output, dir: abs(m.output.dir) }, baseDir };
}
