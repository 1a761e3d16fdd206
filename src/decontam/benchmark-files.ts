import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join, relative } from "node:path";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { asyncBufferFromFile, parquetReadObjects, type Compressors } from "hyparquet";
import { decompress as zstdDecompress } from "zstd-napi";
import { UserError } from "../core/errors.js";
import { fieldText, parseFieldPath } from "./field-path.js";
import { parseCsv } from "./csv.js";
import { parseLogiQa } from "./logiqa.js";

export const BENCHMARK_FORMATS = ["jsonl", "json", "csv", "parquet", "logiqa-txt"] as const;
export type BenchmarkFormat = (typeof BENCHMARK_FORMATS)[number];

export interface BenchmarkSpec {
  name: string;
  path: string;
  format: BenchmarkFormat;
  fields?: string[];
}

/** One test item: `<file>#<record>` (1-based line, row or record number) and its text. */
export interface BenchmarkItem {
  id: string;
  text: string;
}

const EXTENSION: Record<BenchmarkFormat, string> = { jsonl: ".jsonl", json: ".json", csv: ".csv", parquet: ".parquet", "logiqa-txt": ".txt" };

/** Codecs besides snappy (built into hyparquet), as the Parquet reader has them. */
const DECOMPRESSORS: Compressors = {
  ZSTD: (input) => zstdDecompress(input),
  GZIP: (input) => gunzipSync(input),
  BROTLI: (input) => brotliDecompressSync(input),
};

/** LogiQA records have no field names in the file; these are the names `logiqa.ts` gives them. */
const DEFAULT_FIELDS: Record<BenchmarkFormat, string[]> = {
  jsonl: ["text"], json: ["text"], csv: ["text"], parquet: ["text"], "logiqa-txt": ["context", "question", "options"],
};

/**
 * Reads a benchmark's items: `path` is a file, or a folder whose files with the format's
 * extension are all read (recursively, in sorted order). An item's text is its `fields`, one
 * per line; a field that no record of the benchmark has is a configuration error (a typo would
 * otherwise silently index nothing).
 */
export async function loadBenchmark(spec: BenchmarkSpec): Promise<BenchmarkItem[]> {
  const fields = spec.fields ?? DEFAULT_FIELDS[spec.format];
  const paths = fields.map(parseFieldPath);
  const found = new Array<boolean>(fields.length).fill(false);
  const items: BenchmarkItem[] = [];
  const files = statSync(spec.path).isDirectory() ? listFiles(spec.path, EXTENSION[spec.format]) : [spec.path];
  if (files.length === 0) throw new UserError(`benchmark ${spec.name}: no ${EXTENSION[spec.format]} file in ${spec.path}`);
  for (const file of files) {
    const name = file === spec.path ? basename(file) : relative(spec.path, file);
    for (const { n, record } of await readRecords(file, spec.format)) {
      const parts: string[] = [];
      paths.forEach((p, k) => {
        const t = fieldText(record, p);
        if (t === undefined) return;
        found[k] = true;
        parts.push(t);
      });
      if (parts.length) items.push({ id: `${name}#${n}`, text: parts.join("\n") });
    }
  }
  const missing = fields.filter((_, k) => !found[k]);
  if (missing.length) throw new UserError(`benchmark ${spec.name}: no record in ${spec.path} has field(s) ${missing.join(", ")}`);
  return items;
}

function listFiles(dir: string, ext: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...listFiles(p, ext));
    else if (e.name.endsWith(ext)) out.push(p);
  }
  return out.sort();
}

async function readRecords(file: string, format: BenchmarkFormat): Promise<{ n: number; record: unknown }[]> {
  switch (format) {
    case "jsonl":
      return readFileSync(file, "utf8")
        .split("\n")
        .map((line, i) => ({ n: i + 1, line }))
        .filter(({ line }) => line.trim() !== "")
        .map(({ n, line }) => ({ n, record: parseJson(line, `${file}:${n}`) }));
    case "json": {
      const all = parseJson(readFileSync(file, "utf8"), file);
      if (!Array.isArray(all)) throw new UserError(`${file}: expected a JSON array of items`);
      return all.map((record, i) => ({ n: i + 1, record }));
    }
    case "csv":
      return parseCsv(readFileSync(file, "utf8")).map(({ row, record }) => ({ n: row, record }));
    case "parquet": {
      const rows = await parquetReadObjects({ file: await asyncBufferFromFile(file), compressors: DECOMPRESSORS });
      return rows.map((record, i) => ({ n: i + 1, record }));
    }
    case "logiqa-txt":
      return parseLogiQa(readFileSync(file, "utf8")).map(({ record, item }) => ({ n: record, record: item }));
  }
}

function parseJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new UserError(`${where}: not JSON (${(err as Error).message})`);
  }
}
