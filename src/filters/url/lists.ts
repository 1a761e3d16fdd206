import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";

/**
 * Reads a list file as text; `x.gz` is gunzipped, and a missing `x` is read from `x.gz` (the
 * GitHub mirror of UT1 gzips files over 100 MB).
 */
export function readListFile(path: string): string {
  const file = existsSync(path) || !existsSync(`${path}.gz`) ? path : `${path}.gz`;
  const data = readFileSync(file);
  return (file.endsWith(".gz") ? gunzipSync(data) : data).toString("utf8");
}

/** The files of one kind (`domains`, `urls`, `expressions`) in UT1 category folders that have one. */
export function categoryFiles(categories: readonly string[], kind: "domains" | "urls" | "expressions"): string[] {
  return categories.map((dir) => join(dir, kind)).filter((f) => existsSync(f) || existsSync(`${f}.gz`));
}

/**
 * A word list as datatrove's URL filter reads it (`parse_list` in `pipeline/filters/url_filter.py`):
 * lines starting with `#` are skipped, the others lowercased and stripped of every character
 * but ASCII letters and digits. Lines that become empty are dropped (datatrove would keep "",
 * which matches any URL ending in punctuation).
 */
export function normalizeWords(lines: Iterable<string>): Set<string> {
  const out = new Set<string>();
  for (const line of lines) {
    if (line.startsWith("#")) continue;
    const w = normalizeAlnum(line);
    if (w) out.add(w);
  }
  return out;
}

/** Lowercase ASCII letters and digits only: datatrove's `normalize` (`[^a-zA-Z0-9]+` → ""). */
export function normalizeAlnum(text: string): string {
  return text.replace(/[^a-zA-Z0-9]+/g, "").toLowerCase();
}

/** Compiles UT1 `expressions` lines (POSIX extended regexes, which JS reads the same for these lists). */
export function compileExpressions(text: string, file: string): RegExp[] {
  const out: RegExp[] = [];
  for (const line of text.split("\n")) {
    const src = line.trim();
    if (!src || src.startsWith("#")) continue;
    try {
      out.push(new RegExp(src));
    } catch (err) {
      throw new Error(`url_filter: ${file}: invalid expression ${JSON.stringify(src)}: ${(err as Error).message}`);
    }
  }
  return out;
}
