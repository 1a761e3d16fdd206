/**
 * The benchmark corpus: JSONL from the shared `make_corpus.py`, compressed to `.jsonl.zst`
 * and cached under `bench/.data/<key>/`, where the key names every parameter that decides
 * the bytes. A directory is complete only once its `corpus.json` exists (written last, after a
 * rename of the whole directory), so an interrupted build is redone rather than half-used.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { createReadStream, createWriteStream, existsSync, linkSync, copyFileSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import { CompressStream } from "zstd-napi";

export interface CorpusSpec {
  seed: number;
  /** `--target-mb` of make_corpus.py (MiB of JSONL, approximate). */
  targetMb: number;
  shards: number;
}

export interface Corpus {
  dir: string;
  /** Absolute paths of the `.jsonl.zst` shards, sorted. */
  files: string[];
  docs: number;
  /** Uncompressed JSONL bytes: the denominator of every MB/s figure. */
  jsonlBytes: number;
  compressedBytes: number;
}

/** What `corpus.json` holds; `tool` is the generator's hash, so a changed generator rebuilds. */
interface CorpusRecord extends Omit<Corpus, "dir" | "files"> {
  spec: CorpusSpec;
  tool: string;
  files: string[];
}

const RECORD = "corpus.json";
/** Level 3 is zstd's default and what the pipeline writes: a realistic input for a reader. */
const ZSTD_LEVEL = 3;

export function corpusKey(spec: CorpusSpec): string {
  return `corpus-seed${spec.seed}-${spec.targetMb}mib-${spec.shards}shards-zstd${ZSTD_LEVEL}`;
}

/** Returns the cached corpus, building it first when absent or built by another generator version. */
export async function ensureCorpus(dataDir: string, tool: string, spec: CorpusSpec, log: (s: string) => void): Promise<Corpus> {
  const dir = join(dataDir, corpusKey(spec));
  const toolHash = fileHash(tool);
  const cached = readRecord(dir);
  if (cached && cached.tool === toolHash) {
    log(`corpus: cached ${dir}`);
    return toCorpus(dir, cached);
  }
  rmSync(dir, { recursive: true, force: true });

  const tmp = `${dir}.tmp`;
  const raw = join(tmp, "raw");
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(raw, { recursive: true });
  log(`corpus: generating ${spec.targetMb} MiB in ${spec.shards} shards (seed ${spec.seed}) with ${tool}`);
  const gen = spawnSync(
    "python3",
    [tool, raw, "--seed", String(spec.seed), "--target-mb", String(spec.targetMb), "--shards", String(spec.shards)],
    { stdio: ["ignore", "inherit", "inherit"] },
  );
  if (gen.error) throw new Error(`cannot run python3: ${gen.error.message}`);
  if (gen.status !== 0) throw new Error(`make_corpus.py failed with exit code ${gen.status}`);

  const manifest = JSON.parse(readFileSync(join(raw, "manifest.json"), "utf8")) as {
    docs: number;
    jsonl_bytes: number;
    shards: { file: string }[];
  };
  const files: string[] = [];
  let compressedBytes = 0;
  for (const shard of manifest.shards) {
    const name = `${shard.file}.zst`;
    log(`corpus: compressing ${shard.file} (zstd level ${ZSTD_LEVEL})`);
    await pipeline(
      createReadStream(join(raw, shard.file), { highWaterMark: 1 << 20 }),
      new CompressStream({ compressionLevel: ZSTD_LEVEL }),
      createWriteStream(join(tmp, name)),
    );
    compressedBytes += statSync(join(tmp, name)).size;
    files.push(name);
  }
  // The generator's manifest (checksums of the uncompressed shards) stays as provenance.
  renameSync(join(raw, "manifest.json"), join(tmp, "make_corpus.manifest.json"));
  rmSync(raw, { recursive: true, force: true });
  const record: CorpusRecord = { spec, tool: toolHash, files, docs: manifest.docs, jsonlBytes: manifest.jsonl_bytes, compressedBytes };
  renameSync(tmp, dir);
  writeFileSync(join(dir, RECORD), JSON.stringify(record, null, 1) + "\n");
  return toCorpus(dir, record);
}

/**
 * The same corpus twice over: every shard again under a second name (hard links, so no
 * extra disk). Tasks are per file, so this doubles the work without regenerating anything.
 */
export function ensureDoubled(corpus: Corpus): Corpus {
  const dir = `${corpus.dir}-x2`;
  const source = readRecord(corpus.dir)!;
  const cached = readRecord(dir);
  if (cached && cached.tool === source.tool) return toCorpus(dir, cached);
  rmSync(dir, { recursive: true, force: true });
  const tmp = `${dir}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const files: string[] = [];
  for (const name of source.files) {
    for (const copy of [name, `copy-${name}`]) {
      link(join(corpus.dir, name), join(tmp, copy));
      files.push(copy);
    }
  }
  const record: CorpusRecord = {
    ...source,
    files: files.sort(),
    docs: 2 * source.docs,
    jsonlBytes: 2 * source.jsonlBytes,
    compressedBytes: 2 * source.compressedBytes,
  };
  renameSync(tmp, dir);
  writeFileSync(join(dir, RECORD), JSON.stringify(record, null, 1) + "\n");
  return toCorpus(dir, record);
}

function link(from: string, to: string): void {
  try {
    linkSync(from, to);
  } catch {
    copyFileSync(from, to); // a filesystem without hard links
  }
}

function readRecord(dir: string): CorpusRecord | null {
  const path = join(dir, RECORD);
  if (!existsSync(path)) return null;
  try {
    const record = JSON.parse(readFileSync(path, "utf8")) as CorpusRecord;
    // A record whose files went missing (someone cleaned up by hand) is no cache at all.
    const present = new Set(readdirSync(dir));
    return record.files.every((f) => present.has(f)) ? record : null;
  } catch {
    return null;
  }
}

function toCorpus(dir: string, r: CorpusRecord): Corpus {
  return { dir, files: r.files.map((f) => join(dir, f)), docs: r.docs, jsonlBytes: r.jsonlBytes, compressedBytes: r.compressedBytes };
}

function fileHash(path: string): string {
  return createHash("sha256").update(readFileSync(path)).digest("hex").slice(0, 16);
}
