import { statSync, type Stats } from "node:fs";
import { relative, resolve, sep } from "node:path";
import { glob, isDynamicPattern } from "tinyglobby";
import { UserError } from "../core/errors.js";
import type { InputFormat } from "../readers/reader.js";
import { storageFor, type ObjectInfo } from "../storage/index.js";
import { globPrefix, globRegExp, hasGlob } from "../storage/glob.js";
import { isUrl, schemeOf } from "../storage/url.js";
import { DEFAULT_LISTING, isListing, readListing, type ListingOptions } from "./listing.js";

/** A file as recorded in run.json: a changed size or mtime means it changed. */
export interface FileStamp {
  source: string;
  size: number;
  mtime_ms: number;
}

/** One input file. */
export interface InputFile extends FileStamp {
  /** Path relative to the pipeline file's directory, with `/` separators, or the URL: used in ids. */
  source: string;
  /** Absolute path or URL. */
  path: string;
  format: InputFormat;
}

const EXTENSIONS: [string, InputFormat][] = [
  [".jsonl.zst", "jsonl.zst"], [".json.zst", "jsonl.zst"], [".ndjson.zst", "jsonl.zst"], [".jsonl.zstd", "jsonl.zst"],
  [".jsonl.gz", "jsonl.gz"], [".json.gz", "jsonl.gz"], [".ndjson.gz", "jsonl.gz"],
  [".jsonl", "jsonl"], [".json", "jsonl"], [".ndjson", "jsonl"],
  [".parquet", "parquet"],
  [".warc.wet.gz", "wet"], [".warc.wet", "wet"], [".wet.gz", "wet"], [".wet", "wet"],
  [".warc.gz", "warc"], [".warc", "warc"],
  [".arc.gz", "arc"], [".arc", "arc"],
];

export function formatOf(path: string): InputFormat | undefined {
  const lower = path.toLowerCase();
  return EXTENSIONS.find(([ext]) => lower.endsWith(ext))?.[1];
}

/**
 * Expands `input.paths` (files, directories, globs) into a sorted, de-duplicated file list.
 * Sorting by source path makes the task plan the same on every machine.
 */
export async function listInputs(patterns: string[], baseDir: string, format?: InputFormat, listing: ListingOptions = DEFAULT_LISTING): Promise<InputFile[]> {
  const found = new Map<string, InputFile>();
  for (const [i, pattern] of patterns.entries()) {
    const where = `input.paths[${i}] "${pattern}"`;
    if (isListing(pattern)) {
      const location = isUrl(pattern) ? pattern : resolve(baseDir, pattern);
      if (!isUrl(location) && !statOrNull(location)) throw new UserError(`${where}: no such file (${location})`);
      // Not stat'ed: a crawl's listing names ~90,000 files, and a HEAD request each would only
      // feed progress bars. Sizes are unknown (0); the listing itself is what a resume checks.
      for (const url of await readListing(location, listing, where)) {
        const fileFormat = format ?? formatOf(url);
        if (!fileFormat) throw new UserError(`${where}: cannot tell the format of ${url} from its name; set input.format`);
        found.set(url, { source: url, path: url, format: fileFormat, size: 0, mtime_ms: 0 });
      }
      continue;
    }
    if (isUrl(pattern)) {
      for (const o of await listUrl(pattern, where, format)) {
        const fileFormat = format ?? formatOf(o.url);
        if (!fileFormat) throw new UserError(`${where}: cannot tell the format of ${o.url} from its name; set input.format (jsonl, jsonl.gz, jsonl.zst, parquet, warc, wet or arc)`);
        found.set(o.url, { source: o.url, path: o.url, format: fileFormat, size: o.size, mtime_ms: o.mtimeMs });
      }
      continue;
    }
    let paths: string[];
    if (isDynamicPattern(pattern)) {
      // A glob or directory takes the files it can read (a README beside the data is not input).
      paths = (await glob(pattern, { cwd: baseDir, absolute: true, onlyFiles: true, expandDirectories: false })).filter((p) => format || formatOf(p));
    } else {
      const abs = resolve(baseDir, pattern);
      const st = statOrNull(abs);
      if (!st) throw new UserError(`${where}: no such file or directory (${abs})`);
      paths = st.isDirectory()
        ? (await glob("**/*", { cwd: abs, absolute: true, onlyFiles: true })).filter((p) => format || formatOf(p))
        : [abs];
    }
    if (paths.length === 0) throw new UserError(`${where}: matches no input file (.jsonl, .jsonl.gz, .jsonl.zst, .parquet, .warc(.gz), .wet(.gz), .arc(.gz); relative to ${baseDir})`);
    for (const path of paths) {
      const fileFormat = format ?? formatOf(path);
      if (!fileFormat) {
        throw new UserError(`${where}: cannot tell the format of ${path} from its name; set input.format (jsonl, jsonl.gz, jsonl.zst, parquet, warc, wet or arc)`);
      }
      const st = statSync(path);
      const source = relative(baseDir, path).split(sep).join("/");
      found.set(path, { source, path, format: fileFormat, size: st.size, mtime_ms: Math.floor(st.mtimeMs) });
    }
  }
  return [...found.values()].sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : 0));
}

/** A URL input: one object, everything under a "directory" prefix, or the objects a glob matches. */
async function listUrl(pattern: string, where: string, format: InputFormat | undefined): Promise<ObjectInfo[]> {
  schemeOf(pattern);
  const store = storageFor(pattern);
  let objects: ObjectInfo[] = [];
  if (hasGlob(pattern)) {
    const re = globRegExp(pattern);
    // Like local globs, a glob takes the files it can read (a README beside the data is not input).
    for await (const o of store.list(globPrefix(pattern))) if (re.test(o.url) && (format || formatOf(o.url))) objects.push(o);
  } else {
    const one = pattern.endsWith("/") ? null : await store.stat(pattern);
    if (one) return [one];
    const dir = pattern.endsWith("/") ? pattern : pattern + "/";
    for await (const o of store.list(dir)) if (format || formatOf(o.url)) objects.push(o);
  }
  if (objects.length === 0) throw new UserError(`${where}: matches no object`);
  return objects;
}

function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}
