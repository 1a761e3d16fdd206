import { existsSync, readdirSync, renameSync, rmSync } from "node:fs";
import { join, relative } from "node:path";
import { UserError } from "../core/errors.js";
import { READERS } from "../readers/index.js";
import { WINNOW_VERSION } from "../run/manifest.js";
import { readJson, writeFileAtomic, writeJsonAtomic } from "../run/run-dir.js";
import { ENCODERS } from "../writers/formats.js";
import type { DocEncoder } from "../tokenize/doc-encoder.js";
import type { FileEncoder } from "../writers/encoder.js";
import { fileCounts, tokenizerStamp, type CountStats, type FileCounts } from "./count-cache.js";
import { readCountRecords } from "./count-records.js";
import { writeDatasheet } from "./datasheet.js";
import { mixEncoder } from "./encoder.js";
import { selectKey, shuffleKey } from "./keys.js";
import type { LoadedMix } from "./load.js";
import { resolveSource, type ResolvedSource } from "./source-files.js";
import { resolveTotal, sourceQuotas, temperatureProportions, type SourceSize } from "./quota.js";
import { inRemainder, remainderCut, type RemainderCut } from "./remainder-cut.js";
import type { MixReport, SourceReport } from "./report.js";
import { BUCKETS_DIR, DATASHEET, MIX_REPORT, TOKENS_DIR, openMixDir, recordSelection } from "./mix-plan.js";
import { ShuffleBuckets } from "./shuffle-buckets.js";
import { MixTokenOutput } from "./token-output.js";

export { DATASHEET, MIX_REPORT };
/** In the buckets folder: the distribution pass is complete (bucket count, source reports). */
const DISTRIBUTED = "distributed.json";
/** In the buckets folder: how far the last pass got in writing parts (see `WriteProgress`). */
const PROGRESS = "progress.json";
/** Most bucket files open at once; past it buckets grow beyond `bucket_bytes`. */
const MAX_BUCKETS = 4096;
/** JSON line bytes ≈ text bytes + this per document (id, metadata), to size the buckets. */
const LINE_OVERHEAD = 300;

interface CountedSource extends ResolvedSource {
  counts: FileCounts[];
}

function sum<T>(xs: readonly T[], f: (x: T) => number): number {
  let s = 0;
  for (const x of xs) s += f(x);
  return s;
}

function addInto(into: Record<string, number>, from: Record<string, number>): void {
  for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v;
}

/**
 * `winnow mix`: (1) counts tokens per document of every source (cached per file); (2) turns
 * proportions and the budget into per-source quotas of whole epochs plus a remainder chosen by
 * a hash ranking of (seed, source, id); (3) streams every source again, sending each copy of
 * each chosen document to a shuffle bucket by hash of (seed, source, id, repeat); (4) sorts the
 * buckets one at a time into `mix-NNNNN.jsonl.zst` (and token files), then writes
 * `mix-report.json` and `DATASHEET.md`, the last file: its presence marks the mix complete.
 *
 * Crash-safe and resumable: every file is written under `<name>.tmp` and renamed when complete;
 * `mix-plan.json` holds the config hash and input stamps, and a rerun of the same mix skips the
 * finished phases (distribution, then every part already written) and gives the same bytes.
 */
export async function runMix(cfg: LoadedMix, log: (line: string) => void = () => {}, mixFile?: string, restart = false): Promise<MixReport> {
  // Loaded only when needed (building cl100k's tables costs about a CPU-second): a rerun whose
  // counts are all cached and that writes no token files never loads it.
  let encoder: Promise<DocEncoder> | undefined;
  const enc = () => (encoder ??= Promise.resolve(mixEncoder(cfg.tokenizer)));
  const stamp = tokenizerStamp(cfg.tokenizer);
  const countStats: CountStats = { files_counted: 0, files_cached: 0, bytes_read: 0 };
  const resolved: ResolvedSource[] = [];
  for (const [i, source] of cfg.sources.entries()) {
    const r = await resolveSource(source, cfg.baseDir);
    if (r.files.length === 0) throw new UserError(`sources[${i}] (${source.name}): no input files`);
    resolved.push(r);
  }
  const dir = cfg.output.dir;
  const inputs = resolved.flatMap((r) => r.files.map((f) => ({ source: `${r.source.name}:${f.source}`, size: f.size, mtime_ms: f.mtime_ms })));
  const resuming = openMixDir(cfg, inputs, restart);
  if (resuming && existsSync(join(dir, MIX_REPORT))) {
    rmSync(join(dir, BUCKETS_DIR), { recursive: true, force: true });
    log(`${dir}: this mix is already complete`);
    return readJson<MixReport>(join(dir, MIX_REPORT));
  }
  const sources: CountedSource[] = [];
  for (const r of resolved) {
    const counts: FileCounts[] = [];
    for (const file of r.files) counts.push(await fileCounts(file, r.source, enc, stamp, cfg.cache_dir, countStats));
    sources.push({ ...r, counts });
    log(`counted ${r.source.name}: ${sum(counts, (c) => c.docs)} documents, ${sum(counts, (c) => c.tokens)} tokens`);
  }

  const sizes: SourceSize[] = sources.map((s) => ({ name: s.source.name, group: s.source.group ?? s.source.name, available: sum(s.counts, (c) => c.tokens) }));
  const proportions = cfg.temperature ? temperatureProportions(sizes, cfg.temperature.alpha) : new Map(Object.entries(cfg.proportions!));
  const total = resolveTotal(sizes, proportions, cfg.total_tokens);
  const quotas = sourceQuotas(sizes, proportions, total, cfg.max_epochs);
  const warnings: string[] = [];
  for (const s of sources) {
    const stats = s.source.run !== undefined && join(s.source.run, "stats.json");
    if (stats && (!existsSync(stats) || readJson<{ complete?: boolean }>(stats).complete !== true)) {
      warnings.push(`${s.source.name}: run ${s.source.run} is not complete (stats.json says so or is missing): its output/ may lack documents`);
    }
  }
  for (const [i, q] of quotas.entries()) {
    if (q.capped) {
      warnings.push(`${q.name}: asked ${q.asked} tokens, more than max_epochs (${cfg.max_epochs}) × ${sizes[i].available} available; used ${q.quota} (${(q.quota / sizes[i].available).toFixed(2)} epochs)`);
    }
  }
  const cuts: RemainderCut[] = quotas.map((q, i) => remainderCut(sources[i].counts.map((c) => c.records), cfg.seed, q.name, q.remainder));

  recordSelection(dir, quotas.map((q, i) => ({ name: q.name, quota: q.quota, full_epochs: q.fullEpochs, remainder: q.remainder })));
  const estBytes = sum(sources, (s) => {
    const i = sources.indexOf(s);
    const share = sizes[i].available ? quotas[i].quota / sizes[i].available : 0;
    return share * sum(s.counts, (c) => c.bytes + LINE_OVERHEAD * c.docs);
  });
  const bucketDir = join(dir, BUCKETS_DIR);
  const distributed = join(bucketDir, DISTRIBUTED);
  let buckets: ShuffleBuckets;
  let reports: SourceReport[];
  if (existsSync(distributed)) {
    const d = readJson<{ buckets: number; reports: SourceReport[] }>(distributed);
    buckets = new ShuffleBuckets(bucketDir, d.buckets, true);
    reports = d.reports;
    log(`resuming: documents already distributed to ${d.buckets} shuffle bucket(s)`);
  } else {
    rmSync(bucketDir, { recursive: true, force: true });
    buckets = new ShuffleBuckets(bucketDir, Math.min(MAX_BUCKETS, Math.max(1, Math.ceil(estBytes / cfg.bucket_bytes))));
    reports = [];
    try {
      for (const [i, s] of sources.entries()) reports.push(await distribute(s, quotas[i].fullEpochs, cuts[i], cfg.seed, buckets));
    } finally {
      buckets.close();
    }
    writeJsonAtomic(distributed, { buckets: buckets.count, reports });
  }

  const usedTotal = sum(reports, (r) => r.used_tokens);
  for (const [i, r] of reports.entries()) {
    const q = quotas[i];
    Object.assign(r, {
      asked_proportion: q.proportion,
      asked_tokens: q.asked,
      achieved_proportion: usedTotal ? r.used_tokens / usedTotal : 0,
      epochs: r.available_tokens ? r.used_tokens / r.available_tokens : 0,
      full_epochs: q.fullEpochs,
      capped: q.capped,
    });
  }

  const out = await writeShuffled(cfg, cfg.output.tokens ? await enc() : undefined, buckets, log);
  const report: MixReport = {
    winnow_version: WINNOW_VERSION,
    seed: cfg.seed,
    tokenizer: cfg.tokenizer,
    proportions_from: cfg.temperature ? { temperature_alpha: cfg.temperature.alpha } : "proportions",
    total_tokens: total,
    total_from_sizes: cfg.total_tokens === undefined,
    used_tokens: usedTotal,
    max_epochs: cfg.max_epochs,
    sources: reports,
    warnings,
    count_cache: countStats,
    output: { dir, files: out.files.map((f) => relative(dir, f)), documents: out.documents, buckets: buckets.count, tokens: out.tokens },
  };
  if (report.output.tokens) report.output.tokens.files = report.output.tokens.files.map((f) => relative(dir, f));
  writeFileAtomic(join(dir, DATASHEET), writeDatasheet(report, sources, mixFile));
  writeJsonAtomic(join(dir, MIX_REPORT), report);
  buckets.remove();
  return report;
}

/**
 * Pass 2 over one source: each document is read again, its token count taken from the count
 * records in step (no re-encoding), and each of its copies (full epochs, plus one when the
 * remainder takes it) goes to the shuffle buckets.
 */
async function distribute(s: CountedSource, fullEpochs: number, cut: RemainderCut, seed: number, buckets: ShuffleBuckets): Promise<SourceReport> {
  const name = s.source.name;
  const r: SourceReport = {
    name,
    group: s.source.group ?? name,
    from: s.source.run !== undefined ? { run: s.source.run } : { files: s.source.files! },
    files: s.files.length,
    documents: sum(s.counts, (c) => c.docs),
    bytes: sum(s.counts, (c) => c.bytes),
    available_tokens: sum(s.counts, (c) => c.tokens),
    read_errors: sum(s.counts, (c) => c.errors),
    asked_proportion: 0, asked_tokens: 0, used_tokens: 0, used_documents: 0, used_bytes: 0, achieved_proportion: 0, epochs: 0, full_epochs: 0, capped: false,
    languages: {},
    licenses: {},
  };
  for (const c of s.counts) {
    addInto(r.languages, c.languages);
    addInto(r.licenses, c.licenses);
  }
  let ordinal = 0;
  for (const [fi, file] of s.files.entries()) {
    const records = readCountRecords(s.counts[fi].records);
    const reader = READERS[file.format](
      { path: file.path, source: file.source, format: file.format },
      { textKey: s.source.text_key, idKey: s.source.id_key, maxDocBytes: 1 << 30, signal: new AbortController().signal, onBytes: () => {}, onError: () => {} },
    );
    for await (const batch of reader) {
      for (const doc of batch) {
        const rec = records.next();
        if (rec.done || rec.value.id !== doc.id) throw new UserError(`${file.path} changed while mixing (document ${doc.id} does not match its token count); run the mix again`);
        const copies = fullEpochs + (inRemainder(cut, selectKey(seed, name, doc.id), ordinal) ? 1 : 0);
        ordinal++;
        if (copies === 0) continue;
        for (let j = 0; j < copies; j++) {
          const metadata = { ...doc.metadata, mix: { source: name, repeat: j } };
          buckets.add(shuffleKey(seed, name, doc.id, j), JSON.stringify({ id: doc.id, text: doc.text, metadata }));
        }
        r.used_documents += copies;
        r.used_tokens += copies * rec.value.tokens;
        r.used_bytes += copies * rec.value.bytes;
      }
    }
    if (!records.next().done) throw new UserError(`${file.path} changed while mixing (fewer documents than counted); run the mix again`);
  }
  return r;
}

/**
 * How far pass 3 got: the next line to write is line `line` of bucket `bucket` (in sorted
 * order), and `files` parts are complete. Saved each time a part is completed.
 */
interface WriteProgress {
  bucket: number;
  line: number;
  files: number;
  documents: number;
}

const partName = (i: number) => `mix-${String(i).padStart(5, "0")}.jsonl.zst`;

/**
 * Pass 3: buckets in key order, each sorted, into `mix-NNNNN.jsonl.zst` parts and token files.
 * A resumed pass starts after the last completed part; token files are redone from the first
 * document (their packer and open part span parts), so the finished parts are read, not rewritten.
 */
async function writeShuffled(cfg: LoadedMix, enc: DocEncoder | undefined, buckets: ShuffleBuckets, log: (line: string) => void) {
  const dir = cfg.output.dir;
  const progressPath = join(dir, BUCKETS_DIR, PROGRESS);
  const at: WriteProgress = existsSync(progressPath) ? readJson<WriteProgress>(progressPath) : { bucket: 0, line: 0, files: 0, documents: 0 };
  if (at.files > 0) log(`resuming: ${at.files} part(s) already written`);
  // Anything past the last completed part is from the interrupted pass: written again below.
  for (const name of readdirSync(dir)) {
    const m = /^mix-(\d{5})\.jsonl\.zst(\.tmp)?$/.exec(name);
    if (m && (m[2] || Number(m[1]) >= at.files)) rmSync(join(dir, name), { force: true });
  }
  rmSync(join(dir, TOKENS_DIR), { recursive: true, force: true });
  const files: string[] = Array.from({ length: at.files }, (_, i) => join(dir, partName(i)));
  let part: FileEncoder | undefined;
  const tokens = cfg.output.tokens && enc ? new MixTokenOutput(cfg.output.tokens, enc, dir) : undefined;
  let documents = at.documents;
  for (let b = tokens ? 0 : at.bucket; b < buckets.count; b++) {
    const lines = buckets.sorted(b);
    for (let l = tokens || b !== at.bucket ? 0 : at.line; l < lines.length; l++) {
      if (b < at.bucket || (b === at.bucket && l < at.line)) {
        tokens!.add(JSON.parse(lines[l]).text);
        continue;
      }
      if (!part) {
        files.push(join(dir, partName(files.length)));
        part = ENCODERS["jsonl.zst"](files[files.length - 1] + ".tmp", { maxFileBytes: cfg.output.max_file_bytes });
      }
      const doc = JSON.parse(lines[l]);
      part.add(doc);
      tokens?.add(doc.text);
      documents++;
      if (part.bytesWritten >= cfg.output.max_file_bytes) {
        completePart(part, files[files.length - 1]);
        part = undefined;
        writeJsonAtomic(progressPath, { bucket: b, line: l + 1, files: files.length, documents } satisfies WriteProgress);
      }
    }
  }
  if (part) completePart(part, files[files.length - 1]);
  return { files, documents, tokens: tokens?.close() };
}

function completePart(part: FileEncoder, path: string): void {
  part.close();
  renameSync(path + ".tmp", path);
}
