import { createInterface } from "node:readline";
import { UserError } from "../core/errors.js";
import { compressionOf, openInput } from "../io/input-stream.js";
import { BucketCounts, DsirModel } from "./model.js";

export interface FitOptions {
  buckets: number;
  /** JSONL field holding the text. */
  textKey: string;
}

const JSONL = /\.jsonl?(\.gz|\.zst)?$/;

/**
 * Adds every document of `paths` to `counts`: JSONL files (`.jsonl`/`.json`, gzip or zstd)
 * give one document per record, any other file one document per non-empty line (plain text
 * such as WikiText). A bad record is an error naming the file and line.
 */
export async function countFiles(paths: readonly string[], counts: BucketCounts, o: FitOptions): Promise<void> {
  for (const path of paths) {
    const jsonl = JSONL.test(path);
    const rl = createInterface({ input: openInput(path, compressionOf(path), () => {}), crlfDelay: Infinity });
    let line = 0;
    try {
      for await (const text of rl) {
        line++;
        if (text.trim() === "") continue;
        if (!jsonl) {
          counts.add(text);
          continue;
        }
        let rec: unknown;
        try {
          rec = JSON.parse(text);
        } catch (err) {
          throw new UserError(`${path}:${line}: not valid JSON (${(err as Error).message})`);
        }
        const value = (rec as Record<string, unknown> | null)?.[o.textKey];
        if (typeof value !== "string") throw new UserError(`${path}:${line}: field "${o.textKey}" is not a string`);
        counts.add(value);
      }
    } catch (err) {
      if (err instanceof UserError) throw err;
      throw new UserError(`${path}: ${(err as Error).message}`);
    }
  }
}

/** Fits a DSIR model: bucket counts of the target corpus and of the raw corpus. */
export async function fitDsir(target: readonly string[], raw: readonly string[], o: FitOptions): Promise<DsirModel> {
  const t = new BucketCounts(o.buckets);
  const r = new BucketCounts(o.buckets);
  await countFiles(target, t, o);
  await countFiles(raw, r, o);
  if (t.ngrams === 0) throw new UserError("dsir fit: the target files hold no text");
  if (r.ngrams === 0) throw new UserError("dsir fit: the raw files hold no text");
  return new DsirModel(t, r);
}
