import { join } from "node:path";
import { UserError } from "../core/errors.js";
import { defineStep } from "../core/step.js";
import type { DocEncoder } from "./doc-encoder.js";
import { resolveDtype } from "./dtype.js";
import { openAiEncoder } from "./encoding.js";
import { TOKEN_LAYOUTS } from "./formats.js";
import { loadHfTokenizer } from "./hf-tokenizer.js";
import { tokenizeOptions, type TokenizeOptions } from "./options.js";
import { Packer } from "./packer.js";
import { TokenShardWriter } from "./shard-writer.js";
import { ShuffleBuffer } from "./shuffle-buffer.js";
import { TokenList, type TokenRun } from "./token-list.js";

/** The id of a `bos`/`eos` option: an id of the tokenizer, or a token string it knows (also used by `winnow mix`). */
export function tokenOption(enc: DocEncoder, key: string, value: number | string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const id = typeof value === "number" ? value : enc.tokenId(value);
  if (id === undefined) throw new UserError(`tokenize.${key}: ${JSON.stringify(value)} is not a token of ${enc.label}`);
  if (id > enc.maxId) throw new UserError(`tokenize.${key}: ${id} is not an id of ${enc.label} (largest id ${enc.maxId})`);
  return id;
}

async function encoderFor(cfg: TokenizeOptions): Promise<DocEncoder> {
  return cfg.tokenizer ? loadHfTokenizer(cfg.tokenizer) : openAiEncoder(cfg.encoding ?? "cl100k_base");
}

/**
 * Encodes every document with an OpenAI BPE or a Hugging Face tokenizer.json and writes the ids
 * to `tokens/<task>.<ext>` in the layout a trainer reads (nanoGPT, Megatron-LM, datatrove),
 * while passing documents on so that a `write` may follow. `metadata.tokens` and the `tokens`
 * counter count the ids of the document, BOS and EOS included; `tokens:<field>=<value>`
 * counters split them by metadata (`count_by`: source, lang). With `shuffle_buffer`, documents
 * are written in a seeded order within blocks; with `pack_length`, the index entries are
 * fixed-length sequences cut from the concatenated documents (`packer.ts`).
 */
export const tokenize = defineStep({
  name: "tokenize",
  role: "transform",
  summary: "Encode documents (cl100k/o200k or a tokenizer.json) into nanoGPT, Megatron or datatrove token files under tokens/; optional packing and shuffling.",
  schema: tokenizeOptions,
  counters: ["tokens", "documents", "sequences", "pack_dropped_tokens", "pack_pad_tokens"],
  outputDir: "tokens",
  async create(cfg, ctx) {
    const enc = await encoderFor(cfg);
    const eos = cfg.append_eos || cfg.pack_remainder === "pad" ? tokenOption(enc, "eos", cfg.eos ?? enc.defaultEos) : undefined;
    if ((cfg.append_eos || (cfg.pack_length && cfg.pack_remainder === "pad")) && eos === undefined) {
      throw new UserError(`tokenize.eos: ${enc.label} names no EOS token; set eos (a token string or id) or append_eos: false`);
    }
    const bos = tokenOption(enc, "bos", cfg.bos);
    const dtype = resolveDtype(cfg.dtype, enc.maxId);
    const writer = new TokenShardWriter({
      dir: join(ctx.io.runDir, tokenize.outputDir!),
      prefix: ctx.io.taskName,
      layout: TOKEN_LAYOUTS[cfg.format],
      dtype,
      maxFileBytes: cfg.max_file_bytes,
    });
    const packer = cfg.pack_length
      ? new Packer(cfg.pack_length, (seq) => {
          writer.write(seq);
          ctx.count("sequences");
        })
      : undefined;
    const out = (doc: TokenRun) => (packer ? packer.add(doc) : writer.write(doc));
    const shuffler = cfg.shuffle_buffer > 0 ? new ShuffleBuffer(cfg.shuffle_buffer, ctx.seed, out) : undefined;
    const ids = new TokenList();
    return {
      process(batch) {
        for (const doc of batch) {
          ids.clear();
          if (bos !== undefined) ids.push(bos);
          enc.encode(doc.text, ids);
          if (cfg.append_eos) ids.push(eos!);
          if (shuffler) shuffler.add(doc.id, ids);
          else out(ids);
          if (cfg.metadata) doc.metadata.tokens = ids.length;
          ctx.count("tokens", ids.length);
          ctx.observe("tokens", ids.length);
          for (const field of cfg.count_by) {
            const v = doc.metadata[field];
            // Dynamic counter names: one per value found, like the decontaminate step's metrics.
            if (typeof v === "string" || typeof v === "number") ctx.count(`tokens:${field}=${v}` as "tokens", ids.length);
          }
        }
        ctx.count("documents", batch.length);
        return batch;
      },
      finish() {
        shuffler?.flush();
        if (packer) {
          packer.finish(cfg.pack_remainder, eos ?? 0);
          if (packer.dropped) ctx.count("pack_dropped_tokens", packer.dropped);
          if (packer.padded) ctx.count("pack_pad_tokens", packer.padded);
        }
        writer.close();
      },
      abort() {
        writer.abort();
      },
    };
  },
});
