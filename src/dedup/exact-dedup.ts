import { createHash } from "node:crypto";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import type { Doc } from "../core/doc.js";
import { defineBarrierStep } from "../core/step.js";
import { taskName } from "../run/task-name.js";
import { normalizeUrl } from "./normalize.js";
import { textKeyHash } from "./text-key-hash.js";
import { PartitionedWriter, partitionCount, readPartition, writePartitioned } from "./partitioned-file.js";
import { againstOption, openSavedIndex, partitionsIn } from "./saved-index.js";

/** Options that decide the keys: a saved index is only comparable when they are the same. */
const KEY_OPTIONS = ["key", "url_key", "lowercase", "collapse_whitespace", "nfkc"] as const;
const indexFile = (task: number) => join("index", `${taskName(task)}.keys`);

const HASH = 16; // bytes of sha256 kept: 128 bits, collisions negligible at any corpus size

/** One document's key: [hash 16][task u32][ordinal u32][score f64][id length u16][id utf-8]. */
function encodeKey(hash: Buffer, task: number, ordinal: number, score: number, id: string): Buffer {
  const idBytes = Buffer.from(id, "utf8").subarray(0, 0xffff);
  const b = Buffer.allocUnsafe(HASH + 18 + idBytes.length);
  hash.copy(b, 0, 0, HASH);
  b.writeUInt32LE(task, HASH);
  b.writeUInt32LE(ordinal, HASH + 4);
  b.writeDoubleLE(score, HASH + 8);
  b.writeUInt16LE(idBytes.length, HASH + 16);
  idBytes.copy(b, HASH + 18);
  return b;
}

interface KeyRecord {
  hash: string;
  /** From the earlier run of `against`: it always wins. */
  earlier?: boolean;
  task: number;
  ordinal: number;
  score: number;
  id: string;
}

function* decodeKeys(buf: Buffer): Generator<KeyRecord> {
  for (let o = 0; o < buf.length; ) {
    const idLen = buf.readUInt16LE(o + HASH + 16);
    yield {
      hash: buf.toString("hex", o, o + HASH),
      task: buf.readUInt32LE(o + HASH),
      ordinal: buf.readUInt32LE(o + HASH + 4),
      score: buf.readDoubleLE(o + HASH + 8),
      id: buf.toString("utf8", o + HASH + 18, o + HASH + 18 + idLen),
    };
    o += HASH + 18 + idLen;
  }
}

/** A removal decision: [ordinal u32][id length u16][kept id utf-8], grouped by the task it is for. */
function encodeDrop(ordinal: number, keptId: string): Buffer {
  const idBytes = Buffer.from(keptId, "utf8").subarray(0, 0xffff);
  const b = Buffer.allocUnsafe(6 + idBytes.length);
  b.writeUInt32LE(ordinal, 0);
  b.writeUInt16LE(idBytes.length, 4);
  idBytes.copy(b, 6);
  return b;
}

const options = z
  .object({
    key: z.enum(["text", "url"]).default("text").describe("What makes two documents the same: their (normalized) text, or their normalized URL."),
    url_key: z.string().default("url").describe("Metadata field holding the URL (key: url)."),
    lowercase: z.boolean().default(true).describe("Compare text case-insensitively."),
    collapse_whitespace: z.boolean().default(true).describe("Treat every run of whitespace as one space."),
    nfkc: z.boolean().default(true).describe("Unicode NFKC normalization before comparing."),
    keep: z
      .enum(["first", "longest", "newest"])
      .default("first")
      .describe("Which document of a duplicate group stays: first in input order, longest text, or newest by date_key (ties: first)."),
    date_key: z.string().default("date").describe("Metadata field with the date (keep: newest)."),
    partitions: z.int().min(1).max(65536).optional().describe("Hash partitions of the merge stage (default: one per 256 MB of input)."),
    against: againstOption,
  })
  .strict();

type Options = z.output<typeof options>;

/**
 * Exact deduplication by a hash of the normalized text (or URL), as three stages (DESIGN.md):
 * each task writes its documents' keys partitioned by hash; each merge task reads one
 * partition of every task and decides which copies go; the next segment drops them in order.
 * Memory: one task's keys, then one partition's distinct keys. Removed documents carry the
 * kept document's id in `removed_by.value.duplicate_of`. With `against: <earlier run>`, each
 * merge task first reads the same hash range of the earlier run's index (any partition count):
 * a document whose key the earlier run indexed is removed as a duplicate of the earlier one,
 * so the removed set is the documents duplicated in the earlier run or earlier in this one.
 */
export const exactDedup = defineBarrierStep({
  name: "exact_dedup",
  role: "barrier",
  summary: "Remove exact duplicates (normalized text or URL), keeping the first, longest or newest copy. Multi-stage.",
  schema: options,
  counters: ["duplicate", "indexed", "no_key", "distinct_keys"],
  stages(cfg, plan) {
    // A bad `against` fails when the run is planned, not after the index stage.
    if (cfg.against !== undefined) openSavedIndex(cfg.against, "exact_dedup", cfg, KEY_OPTIONS, indexFile);
    return [{ phase: "merge", tasks: partitionsOf(cfg, plan.inputBytes) }];
  },
  index(cfg, ctx) {
    const index = new PartitionedWriter(partitionsOf(cfg, ctx.inputBytes));
    let ordinal = 0;
    return {
      add(docs) {
        for (const doc of docs) {
          const hash = keyHashOf(doc, cfg);
          if (hash === undefined) ctx.count("no_key");
          else {
            index.add(hash, encodeKey(hash, ctx.task, ordinal, scoreOf(doc, cfg), doc.id));
            ctx.count("indexed");
          }
          ordinal++;
        }
      },
      finish() {
        index.write(join(ctx.stepDir, indexFile(ctx.task)));
      },
    };
  },
  async runStage(cfg, phase, p, ctx) {
    // Pass 1: the winner of each key. Tasks are read in order, so "first" is input order.
    const best = new Map<string, KeyRecord>();
    if (cfg.against !== undefined) {
      for (const r of savedKeys(cfg, p, partitionsOf(cfg, ctx.inputBytes))) if (!best.has(r.hash)) best.set(r.hash, r);
    }
    const slices: Buffer[] = [];
    for (let t = 0; t < ctx.tasks; t++) {
      const slice = readPartition(join(ctx.stepDir, indexFile(t)), p);
      slices.push(slice);
      for (const r of decodeKeys(slice)) {
        const b = best.get(r.hash);
        if (!b || (!b.earlier && cfg.keep !== "first" && r.score > b.score)) best.set(r.hash, r);
      }
    }
    ctx.count("distinct_keys", best.size);
    // Pass 2: every other copy is dropped; decisions are grouped by the task that holds the copy.
    const drops: Buffer[][] = Array.from({ length: ctx.tasks }, () => []);
    for (const slice of slices) {
      for (const r of decodeKeys(slice)) {
        const b = best.get(r.hash)!;
        if (b.earlier || b.task !== r.task || b.ordinal !== r.ordinal) drops[r.task].push(encodeDrop(r.ordinal, b.id));
      }
    }
    mkdirSync(join(ctx.stepDir, phase), { recursive: true });
    writePartitioned(join(ctx.stepDir, phase, `${taskName(p)}.drops`), drops);
  },
  create(cfg, ctx) {
    const parts = partitionsOf(cfg, ctx.io.inputBytes);
    const drops = new Map<number, string>();
    for (let p = 0; p < parts; p++) {
      const buf = readPartition(join(ctx.io.stepDir, "merge", `${taskName(p)}.drops`), ctx.task);
      for (let o = 0; o < buf.length; ) {
        const len = buf.readUInt16LE(o + 4);
        drops.set(buf.readUInt32LE(o), buf.toString("utf8", o + 6, o + 6 + len));
        o += 6 + len;
      }
    }
    let ordinal = 0;
    return {
      process(batch) {
        const kept: Doc[] = [];
        for (const doc of batch) {
          const keptId = drops.get(ordinal++);
          if (keptId === undefined) kept.push(doc);
          else ctx.reject(doc, "duplicate", { duplicate_of: keptId });
        }
        return kept;
      },
    };
  },
});

/**
 * The earlier run's keys that fall in partition `p` of `parts`, in its input order (its tasks in
 * order, each slice in ordinal order). With the same partition count only slice p is read.
 */
function* savedKeys(cfg: Options, p: number, parts: number): Generator<KeyRecord> {
  const saved = openSavedIndex(cfg.against!, "exact_dedup", cfg, KEY_OPTIONS, indexFile);
  for (let t = 0; t < saved.tasks; t++) {
    const file = join(saved.stepDir, indexFile(t));
    const theirs = partitionsIn(file);
    const slices = theirs === parts ? [readPartition(file, p)] : Array.from({ length: theirs }, (_, q) => readPartition(file, q));
    const mine: KeyRecord[] = [];
    for (const slice of slices) {
      for (const r of decodeKeys(slice)) if (theirs === parts || Number.parseInt(r.hash.slice(0, 8), 16) % parts === p) mine.push({ ...r, earlier: true });
    }
    // Several slices: back to input order within the task.
    if (slices.length > 1) mine.sort((x, y) => x.ordinal - y.ordinal);
    yield* mine;
  }
}

/** sha256 of the document's key (normalized text or URL); undefined when it has no URL. */
function keyHashOf(doc: Doc, cfg: Options): Buffer | undefined {
  if (cfg.key === "text") return textKeyHash(doc.text, cfg);
  const url = doc.metadata[cfg.url_key];
  const key = typeof url === "string" ? normalizeUrl(url) : undefined;
  return key === undefined ? undefined : createHash("sha256").update(key).digest();
}

function scoreOf(doc: Doc, cfg: Options): number {
  if (cfg.keep === "longest") return doc.text.length;
  if (cfg.keep === "newest") {
    const t = Date.parse(String(doc.metadata[cfg.date_key] ?? ""));
    return Number.isFinite(t) ? t : -Infinity;
  }
  return 0;
}

/** Partition count of the merge stage: fixed by the config, else one per 256 MB of input. */
function partitionsOf(cfg: Options, inputBytes: number): number {
  return partitionCount(cfg.partitions, inputBytes, 256e6);
}
