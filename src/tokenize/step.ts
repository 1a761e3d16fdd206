import { join } from "node:path";
import { defineStep } from "../core/step.js";
import { resolveDtype } from "./dtype.js";
import { loadEncoding } from "./encoding.js";
import { TOKEN_LAYOUTS } from "./formats.js";
import { tokenizeOptions } from "./options.js";
import { PieceEncoder } from "./piece-encoder.js";
import { TokenShardWriter } from "./shard-writer.js";
import { TokenList } from "./token-list.js";

/**
 * Encodes every document with an OpenAI BPE and writes the ids to `tokens/<task>.<ext>` in the
 * layout a trainer reads (nanoGPT, Megatron-LM, datatrove), while passing documents on so
 * that a `write` may follow. `metadata.tokens` and the `tokens` counter count the ids written
 * for the document, BOS and EOS included, so they add up to the token files' length.
 */
export const tokenize = defineStep({
  name: "tokenize",
  role: "transform",
  summary: "Encode documents with cl100k_base/o200k_base into nanoGPT, Megatron or datatrove token files under tokens/.",
  schema: tokenizeOptions,
  counters: ["tokens", "documents"],
  outputDir: "tokens",
  async create(cfg, ctx) {
    const enc = await loadEncoding(cfg.encoding);
    if (cfg.bos !== undefined && cfg.bos > enc.maxId) throw new Error(`bos ${cfg.bos} is not an id of ${cfg.encoding} (largest id ${enc.maxId})`);
    const dtype = resolveDtype(cfg.dtype, enc.maxId);
    const encoder = new PieceEncoder(enc);
    const writer = new TokenShardWriter({
      dir: join(ctx.io.runDir, tokenize.outputDir!),
      prefix: ctx.io.taskName,
      layout: TOKEN_LAYOUTS[cfg.format],
      dtype,
      maxFileBytes: cfg.max_file_bytes,
    });
    const ids = new TokenList();
    return {
      process(batch) {
        for (const doc of batch) {
          ids.clear();
          if (cfg.bos !== undefined) ids.push(cfg.bos);
          encoder.encode(doc.text, ids);
          if (cfg.append_eos) ids.push(enc.eos);
          writer.write(ids);
          if (cfg.metadata) doc.metadata.tokens = ids.length;
          ctx.count("tokens", ids.length);
          ctx.observe("tokens", ids.length);
        }
        ctx.count("documents", batch.length);
        return batch;
      },
      finish() {
        writer.close();
      },
      abort() {
        writer.abort();
      },
    };
  },
});
