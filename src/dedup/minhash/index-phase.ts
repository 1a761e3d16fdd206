import type { Doc } from "../../core/doc.js";
import type { BarrierContext, Indexer } from "../../core/step.js";
import { writeFileAtomic } from "../../run/run-dir.js";
import { writePartitioned } from "../partitioned-file.js";
import { bandKey } from "./band-key.js";
import { encodeDoc } from "./doc-records.js";
import { files } from "./files.js";
import { parameterStream } from "./hash32.js";
import { lshOf, partitionsOf, type MinhashOptions } from "./options.js";
import { MinHasher } from "./signature.js";
import { TokenHashes, tokenize } from "./tokens.js";
import { U32List } from "./u32-list.js";
import { ShingleWriter, SketchWriter, shingleSet } from "./verify.js";

/** Words of a band record: band, bucket key (2), task, ordinal. */
export const BAND_RECORD = 5;

/**
 * Stage 1, per input task: each document's signature, then per band a record
 * (band, bucket key, task, ordinal) in the partition its key hashes to. Memory: one task's
 * records (5 words × bands per document) and ids.
 */
export function minhashIndexer(cfg: MinhashOptions, ctx: BarrierContext<"indexed" | "no_tokens">): Indexer {
  const { bands, rows } = lshOf(cfg);
  const parts = partitionsOf(cfg, ctx.inputBytes);
  const seeds = parameterStream(ctx.seed, 0);
  const seedA = seeds();
  const seedB = seeds();
  const hasher = new MinHasher(ctx.seed, bands * rows, cfg.ngram);
  const tokens = new TokenHashes();
  const key = new Uint32Array(2);
  const records = Array.from({ length: parts }, () => new U32List());
  const docs: Buffer[] = [];
  const sigs: Buffer[] = [];
  const shingles = cfg.verify === "shingles" ? new ShingleWriter(ctx.stepDir, ctx.task) : undefined;
  const sketches = cfg.verify === "sketch" ? new SketchWriter(ctx.stepDir, ctx.task) : undefined;
  let ordinal = 0;
  return {
    add(batch: readonly Doc[]) {
      for (const doc of batch) {
        tokenize(doc.text, cfg.unit, seedA, seedB, tokens);
        if (!hasher.compute(tokens)) {
          ctx.count("no_tokens");
          if (cfg.verify === "signature") sigs.push(Buffer.alloc(hasher.sig.byteLength));
          shingles?.add(new Float64Array(0));
          sketches?.add(hasher, 0);
          ordinal++;
          continue;
        }
        for (let b = 0; b < bands; b++) {
          bandKey(hasher.sig, b, rows, key);
          const out = records[key[0] % parts];
          out.push(b);
          out.push(key[0]);
          out.push(key[1]);
          out.push(ctx.task);
          out.push(ordinal);
        }
        docs.push(encodeDoc(ordinal, scoreOf(doc, cfg), doc.id));
        if (cfg.verify === "signature") sigs.push(Buffer.from(hasher.sig.buffer.slice(0)));
        if (sketches || shingles) {
          // The shingles with numbers kept; without a number they are the ones the signature used.
          const m = tokens.numbered > 0 ? hasher.hashShingles(tokens.kept()) : hasher.shingleCount;
          sketches?.add(hasher, m);
          shingles?.add(shingleSet(hasher, m));
        }
        ctx.count("indexed");
        ordinal++;
      }
    },
    finish() {
      writePartitioned(files.bands(ctx.stepDir, ctx.task), records.map((r) => [r.bytes()]));
      writeFileAtomic(files.docs(ctx.stepDir, ctx.task), Buffer.concat(docs));
      if (cfg.verify === "signature") writeFileAtomic(files.sigs(ctx.stepDir, ctx.task), Buffer.concat(sigs));
      shingles?.close();
      sketches?.close();
    },
  };
}

function scoreOf(doc: Doc, cfg: MinhashOptions): number {
  if (cfg.keep === "longest") return doc.text.length;
  if (cfg.keep === "first") return 0;
  const raw = doc.metadata[cfg.score_key];
  const v = typeof raw === "number" ? raw : typeof raw === "string" && raw.trim() !== "" ? Number(raw) : NaN;
  return Number.isFinite(v) ? v : -Infinity;
}
