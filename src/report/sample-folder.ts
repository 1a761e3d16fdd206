import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import type { Doc } from "../core/doc.js";
import { formatOf } from "../plan/list-inputs.js";
import { READERS } from "../readers/index.js";

/** Documents in the files below `dir`, sorted by path (nested folders included, temp files left out). */
function dataFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const files: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = join(dir, e.name);
    if (e.isDirectory()) files.push(...dataFiles(p));
    else if (!e.name.endsWith(".tmp") && formatOf(p)) files.push(p);
  }
  return files;
}

/** Opening a file costs (a Parquet file decodes a whole row group): take at least this many documents from each. */
const MIN_PER_FILE = 50;

/**
 * Visits at most `limit` documents of a folder: an equal share from the start of files spread
 * evenly over the folder, so that tasks from first to last are represented while a report
 * reads a fixed amount whatever the run's size. Returns how many were visited.
 */
export async function sampleFolder(dir: string, limit: number, visit: (doc: Doc) => void): Promise<number> {
  const all = dataFiles(dir);
  const count = Math.min(all.length, Math.ceil(limit / MIN_PER_FILE));
  const files = Array.from({ length: count }, (_, j) => all[Math.floor((j * all.length) / count)]);
  const perFile = Math.ceil(limit / Math.max(1, count));
  const signal = new AbortController().signal;
  let visited = 0;
  for (const path of files) {
    if (visited >= limit) break;
    const format = formatOf(path)!;
    const reader = READERS[format](
      { path, source: path, format },
      { textKey: "text", idKey: "id", maxDocBytes: 64 << 20, signal, onBytes() {}, onError() {} },
    );
    let fromFile = 0;
    // Leaving the loop early closes the reader (and its file) through the generator's return().
    reading: for await (const batch of reader) {
      for (const doc of batch) {
        visit(doc);
        visited++;
        if (++fromFile >= perFile || visited >= limit) break reading;
      }
    }
  }
  return visited;
}
