import { existsSync, lstatSync, readdirSync, realpathSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from "hyparquet";
import type { Doc } from "../core/doc.js";
import { compressionOf, inputChunks } from "../io/input-stream.js";
import { formatOf } from "../plan/list-inputs.js";
import { DECOMPRESSORS, jsonValue, parseObject } from "../readers/parquet.js";

/** One data file of a run folder (`output/`, `removed/<step>/`, `errors/`). */
export interface RunFile {
  path: string;
  /** Relative to the run directory, with "/" separators. */
  rel: string;
  parquet: boolean;
}

/** One record as read: its JSON text (for cheap substring tests) and the parsed object, both lazy. */
export interface Row {
  raw(): string;
  record(): Record<string, unknown>;
}

/** Return true to stop the scan. */
export type RowVisitor = (index: number, row: Row) => boolean | void;

/** True when `path` (after following links) is `root` or inside it; `root` must be a real path. */
export function isInside(root: string, path: string): boolean {
  let real: string;
  try {
    real = realpathSync(path);
  } catch {
    return false;
  }
  return real === root || real.startsWith(root.endsWith(sep) ? root : root + sep);
}

/**
 * The JSONL (plain, .gz, .zst) and Parquet files below `dir`, sorted by path, nested folders
 * included, temp files and anything that leads out of `root` through a link left out.
 */
export function listDataFiles(root: string, dir: string): RunFile[] {
  if (!existsSync(dir) || !isInside(root, dir)) return [];
  const files: RunFile[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = join(dir, e.name);
    if (!isInside(root, p)) continue;
    if (statSync(p).isDirectory()) {
      if (!lstatSync(p).isSymbolicLink()) files.push(...listDataFiles(root, p));
      continue;
    }
    const format = formatOf(p);
    if (e.name.endsWith(".tmp") || !(format === "jsonl" || format === "jsonl.gz" || format === "jsonl.zst" || format === "parquet")) continue;
    files.push({ path: p, rel: relative(root, p).split(sep).join("/"), parquet: format === "parquet" });
  }
  return files;
}

/** A record as a document; a winnow run writes `{id, text, metadata}`, anything else is shown as found. */
export function toDoc(record: Record<string, unknown>): Doc {
  const meta = typeof record.metadata === "string" ? parseObject(record.metadata) : record.metadata;
  return {
    id: record.id === undefined || record.id === null ? "" : String(record.id),
    text: typeof record.text === "string" ? record.text : "",
    metadata: meta !== null && typeof meta === "object" && !Array.isArray(meta) ? (meta as Record<string, unknown>) : {},
  };
}

/** Visits the records of a file from record `from` (0-based) on, until the visitor returns true. */
export async function scanFile(file: RunFile, from: number, visit: RowVisitor): Promise<void> {
  if (file.parquet) await scanParquet(file.path, from, visit);
  else await scanJsonl(file.path, from, visit);
}

/** Plain JSONL: byte offset of every CHECKPOINT-th line, built on the first deep jump, so a page far into a big file is one seek away. */
const CHECKPOINT = 1024;
const checkpoints = new Map<string, { mtimeMs: number; size: number; offsets: number[] }>();

async function lineCheckpoints(path: string): Promise<number[]> {
  const { mtimeMs, size } = statSync(path);
  const cached = checkpoints.get(path);
  if (cached && cached.mtimeMs === mtimeMs && cached.size === size) return cached.offsets;
  const offsets = [0];
  let line = 0;
  let base = 0;
  for await (const chunk of inputChunks(path, "none", () => {})) {
    for (let nl = chunk.indexOf(10); nl !== -1; nl = chunk.indexOf(10, nl + 1)) {
      if (++line % CHECKPOINT === 0) offsets.push(base + nl + 1);
    }
    base += chunk.length;
  }
  checkpoints.set(path, { mtimeMs, size, offsets });
  return offsets;
}

function jsonRow(text: string): Row {
  let parsed: Record<string, unknown> | undefined;
  return {
    raw: () => text,
    record: () => {
      if (parsed) return parsed;
      try {
        const value: unknown = JSON.parse(text);
        parsed = value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : { value };
      } catch (err) {
        parsed = { unreadable_line: text.slice(0, 500), message: (err as Error).message };
      }
      return parsed;
    },
  };
}

/**
 * Lines of a JSONL file (any compression), each visited with its index; lines before `from`
 * are only counted (no decoding), blank lines take an index and are not visited.
 */
async function scanJsonl(path: string, from: number, visit: RowVisitor): Promise<void> {
  const compression = compressionOf(path);
  let index = 0;
  let range: { start: number; end: number } | undefined;
  if (compression === "none" && from >= CHECKPOINT) {
    const offsets = await lineCheckpoints(path);
    const k = Math.min(Math.floor(from / CHECKPOINT), offsets.length - 1);
    index = k * CHECKPOINT;
    range = { start: offsets[k], end: statSync(path).size };
  }
  // The start of the current line when it spans chunks (chunks are reused buffers: copied).
  let carry: Buffer[] = [];
  const emit = (line: Buffer): boolean => line.length > 0 && visit(index, jsonRow(line.toString("utf8"))) === true;
  for await (const chunk of inputChunks(path, compression, () => {}, range)) {
    let pos = 0;
    while (pos < chunk.length) {
      const nl = chunk.indexOf(10, pos);
      if (nl === -1) {
        if (index >= from) carry.push(Buffer.from(chunk.subarray(pos)));
        break;
      }
      if (index >= from) {
        const line = carry.length ? Buffer.concat([...carry, chunk.subarray(pos, nl)]) : chunk.subarray(pos, nl);
        if (emit(line)) return;
      }
      carry = [];
      pos = nl + 1;
      index++;
    }
  }
  if (carry.length && index >= from) emit(Buffer.concat(carry));
}

async function scanParquet(path: string, from: number, visit: RowVisitor): Promise<void> {
  const file = await asyncBufferFromFile(path);
  const metadata = await parquetMetadataAsync(file);
  let groupStart = 0;
  for (const group of metadata.row_groups) {
    const groupEnd = groupStart + Number(group.num_rows);
    if (groupEnd > from) {
      const rowStart = Math.max(from, groupStart);
      const rows = await parquetReadObjects({ file, metadata, rowStart, rowEnd: groupEnd, compressors: DECOMPRESSORS });
      for (const [k, raw] of rows.entries()) {
        const record = jsonValue(raw) as Record<string, unknown>;
        if (typeof record.metadata === "string") record.metadata = parseObject(record.metadata);
        let text: string | undefined;
        if (visit(rowStart + k, { raw: () => (text ??= JSON.stringify(record)), record: () => record }) === true) return;
      }
    }
    groupStart = groupEnd;
  }
}
