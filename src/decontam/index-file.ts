import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "../run/run-dir.js";
import type { BenchmarkSpec } from "./benchmark-files.js";
import { BenchmarkIndex, buildIndex, type IndexOptions } from "./benchmark-index.js";
import { KeyTable } from "./key-table.js";

const MAGIC = "winnow-decontam-index-1";

/**
 * The cache key of an index: its options, the benchmark specs, and the size and mtime of every
 * file they read — an edited benchmark file makes a new index, not a stale one.
 */
export function indexKey(specs: readonly BenchmarkSpec[], opts: IndexOptions): string {
  const h = createHash("sha256").update(JSON.stringify([MAGIC, opts.ngram, opts.min_item_words, specs]));
  for (const spec of specs) for (const f of filesUnder(spec.path)) h.update(`${f}\0${statSync(f).size}\0${statSync(f).mtimeMs}\n`);
  return h.digest("hex").slice(0, 32);
}

function filesUnder(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .flatMap((e) => (e.isDirectory() ? filesUnder(join(path, e.name)) : [join(path, e.name)]));
}

/**
 * The index for these benchmarks from `cacheDir/<key>.idx` when there, else built and saved
 * there. The file: a JSON header line (names, stats, item ids, shared-key lists, table sizes),
 * then the two key tables' slots as little-endian int32.
 */
export async function cachedIndex(specs: readonly BenchmarkSpec[], opts: IndexOptions, cacheDir: string): Promise<{ index: BenchmarkIndex; cached: boolean; file: string }> {
  const file = join(cacheDir, `${indexKey(specs, opts)}.idx`);
  if (existsSync(file)) return { index: loadIndex(file, opts), cached: true, file };
  const index = await buildIndex(specs, opts);
  saveIndex(index, file);
  return { index, cached: false, file };
}

interface Header {
  magic: string;
  names: string[];
  stats: BenchmarkIndex["stats"];
  itemBenchmark: number[];
  itemIds: string[];
  shared: number[][];
  keys: { slots: number; size: number };
  tails: { slots: number; size: number };
}

export function saveIndex(index: BenchmarkIndex, file: string): void {
  const header: Header = {
    magic: MAGIC,
    names: index.names,
    stats: index.stats,
    itemBenchmark: index.itemBenchmark,
    itemIds: index.itemIds,
    shared: index.shared,
    keys: { slots: index.keys.raw.length, size: index.keys.size },
    tails: { slots: index.tails.raw.length, size: index.tails.size },
  };
  const head = Buffer.from(JSON.stringify(header) + "\n");
  // Int32Array bytes are host order; every supported host is little-endian (checked on load).
  writeFileAtomic(file, Buffer.concat([head, Buffer.from(index.keys.raw.buffer, index.keys.raw.byteOffset, index.keys.raw.byteLength), Buffer.from(index.tails.raw.buffer, index.tails.raw.byteOffset, index.tails.raw.byteLength)]));
}

export function loadIndex(file: string, opts: IndexOptions): BenchmarkIndex {
  if (new Uint8Array(new Uint32Array([1]).buffer)[0] !== 1) throw new Error("index cache files are little-endian; this host is not");
  const buf = readFileSync(file);
  const nl = buf.indexOf(10);
  const header = JSON.parse(buf.subarray(0, nl).toString("utf8")) as Header;
  if (header.magic !== MAGIC) throw new Error(`${file}: not a winnow decontamination index`);
  const body = buf.subarray(nl + 1);
  // Copied into aligned memory: the body starts at any byte offset.
  const ints = new Int32Array(body.length / 4);
  new Uint8Array(ints.buffer).set(body);
  const index = new BenchmarkIndex(opts);
  // Loops, not push(...a): spreading 10^5 items overflows the call stack.
  for (const n of header.names) index.names.push(n);
  for (const s of header.stats) index.stats.push(s);
  for (const b of header.itemBenchmark) index.itemBenchmark.push(b);
  for (const id of header.itemIds) index.itemIds.push(id);
  for (const list of header.shared) index.shared.push(list);
  index.keys = KeyTable.fromSlots(ints.subarray(0, header.keys.slots), header.keys.size);
  index.tails = KeyTable.fromSlots(ints.slice(header.keys.slots, header.keys.slots + header.tails.slots), header.tails.size);
  return index;
}
