import { join } from "node:path";
import { UserError } from "../core/errors.js";
import type { DocEncoder } from "../tokenize/doc-encoder.js";
import { resolveDtype } from "../tokenize/dtype.js";
import { TOKEN_LAYOUTS } from "../tokenize/formats.js";
import { Packer } from "../tokenize/packer.js";
import { TokenShardWriter } from "../tokenize/shard-writer.js";
import { tokenOption } from "../tokenize/step.js";
import { TokenList } from "../tokenize/token-list.js";
import type { z } from "zod";
import type { mixTokens } from "./options.js";

/** The tokenize step's check of a BOS/EOS option, its message naming the mix file's key. */
function idOf(enc: DocEncoder, key: "eos" | "bos", value: number | string | undefined): number | undefined {
  try {
    return tokenOption(enc, key, value);
  } catch (err) {
    if (err instanceof UserError) throw new UserError(err.message.replace(/^tokenize\./, "output.tokens."));
    throw err;
  }
}

export type MixTokenOptions = z.output<typeof mixTokens>;

export interface TokenOutputSummary {
  format: string;
  dtype: string;
  documents: number;
  /** Ids written, BOS/EOS and padding included. */
  tokens: number;
  sequences?: number;
  files: string[];
}

/**
 * The mix's documents, in shuffled order, as token files: the tokenize step's writers and
 * packer, fed the whole mix in one stream, so documents are shuffled across all sources and
 * shards (not only within a task's shard, as the step's `shuffle_buffer` does).
 */
export class MixTokenOutput {
  private readonly writer: TokenShardWriter;
  private readonly packer?: Packer;
  private readonly ids = new TokenList();
  private readonly eos?: number;
  private readonly bos?: number;
  private readonly summary: TokenOutputSummary;

  constructor(
    private readonly opts: MixTokenOptions,
    private readonly enc: DocEncoder,
    dir: string,
  ) {
    const needEos = opts.append_eos || (opts.pack_length !== undefined && opts.pack_remainder === "pad");
    this.eos = needEos ? idOf(enc, "eos", opts.eos ?? enc.defaultEos) : undefined;
    if (needEos && this.eos === undefined) throw new UserError(`output.tokens.eos: ${enc.label} names no EOS token; set eos or append_eos: false`);
    this.bos = idOf(enc, "bos", opts.bos);
    const dtype = resolveDtype(opts.dtype, enc.maxId);
    this.writer = new TokenShardWriter({ dir: join(dir, "tokens"), prefix: "mix", layout: TOKEN_LAYOUTS[opts.format], dtype, maxFileBytes: opts.max_file_bytes });
    this.summary = { format: opts.format, dtype, documents: 0, tokens: 0, files: [] };
    if (opts.pack_length) {
      this.summary.sequences = 0;
      this.packer = new Packer(opts.pack_length, (seq) => {
        this.writer.write(seq);
        this.summary.sequences!++;
        this.summary.tokens += seq.length;
      });
    }
  }

  add(text: string): void {
    const ids = this.ids;
    ids.clear();
    if (this.bos !== undefined) ids.push(this.bos);
    this.enc.encode(text, ids);
    if (this.opts.append_eos) ids.push(this.eos!);
    this.summary.documents++;
    if (this.packer) this.packer.add(ids);
    else {
      this.writer.write(ids);
      this.summary.tokens += ids.length;
    }
  }

  close(): TokenOutputSummary {
    this.packer?.finish(this.opts.pack_remainder, this.eos ?? 0);
    this.summary.files = this.writer.close();
    return this.summary;
  }

  abort(): void {
    this.writer.abort();
  }
}
