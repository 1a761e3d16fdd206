import { isAbsolute, resolve } from "node:path";
import { z } from "zod";

/**
 * A file or folder option of a step. Relative paths are resolved against the pipeline file's
 * folder when the pipeline is loaded, like `input.paths` and `output`, so that a pipeline
 * means the same thing from any working directory and workers get absolute paths.
 */
export function filePath(description: string): z.ZodString {
  // One meta call: `.describe()` after it would make a copy without the mark.
  return z.string().min(1).meta({ winnowPath: true, description });
}

function isPath(schema: unknown): boolean {
  return (schema as z.ZodType | undefined)?.meta?.()?.winnowPath === true;
}

/** Resolves every `filePath()` value of parsed options, walking the schema alongside the value. */
export function resolvePaths(schema: unknown, value: unknown, baseDir: string): unknown {
  return mapPaths(schema, value, (p) => (isAbsolute(p) ? p : resolve(baseDir, p)));
}

/** Every `filePath()` value of parsed options, with its key (`model`, `benchmarks[2].path`). */
export function collectPaths(schema: unknown, value: unknown): { key: string; path: string }[] {
  const found: { key: string; path: string }[] = [];
  mapPaths(schema, value, (path, key) => (found.push({ key, path }), path));
  return found;
}

function mapPaths(schema: unknown, value: unknown, f: (path: string, key: string) => string, key = ""): unknown {
  if (value === undefined || value === null) return value;
  let s = schema;
  for (let i = 0; i < 8 && s && !(s instanceof z.ZodObject) && !(s instanceof z.ZodArray); i++) {
    if (isPath(s) && typeof value === "string") return f(value, key);
    const def = (s as { _zod?: { def?: { innerType?: unknown; in?: unknown } } })._zod?.def;
    s = def?.innerType ?? def?.in;
  }
  if (s instanceof z.ZodArray && Array.isArray(value)) return value.map((v, i) => mapPaths(s.element, v, f, `${key}[${i}]`));
  if (s instanceof z.ZodObject && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = mapPaths(s.shape[k], v, f, key ? `${key}.${k}` : k);
    return out;
  }
  return value;
}
