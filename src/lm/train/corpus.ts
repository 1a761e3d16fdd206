import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { createGunzip } from "node:zlib";
import { UserError } from "../../core/errors.js";
import { lmWords } from "../tokenize.js";

export interface CorpusOptions {
  /** "text": every line is a sentence; "jsonl": every line of `record[textKey]` is one. Default: by file name. */
  format?: "text" | "jsonl";
  textKey?: string;
}

/** jsonl for .jsonl/.json(.gz) names, else text. */
export function corpusFormat(path: string): "text" | "jsonl" {
  return /\.jsonl?(\.gz)?$/.test(path) ? "jsonl" : "text";
}

/**
 * The sentences of training files as the perplexity step sees them: each non-empty line
 * (of a text file, or of a JSONL record's text) cut into `lmWords`. Streams, so a file's size
 * does not matter; `.gz` files are gunzipped on the fly.
 */
export async function* corpusSentences(paths: readonly string[], o: CorpusOptions = {}): AsyncGenerator<string[]> {
  const textKey = o.textKey ?? "text";
  for (const path of paths) {
    const format = o.format ?? corpusFormat(path);
    const stream = createReadStream(path);
    const opened = new Promise<void>((resolve, reject) => {
      stream.once("open", () => resolve());
      stream.once("error", (err) => reject(new UserError(`${path}: ${err.message}`)));
    });
    await opened;
    const input = path.endsWith(".gz") ? stream.pipe(createGunzip()) : stream;
    let lineNo = 0;
    for await (const line of createInterface({ input, crlfDelay: Infinity })) {
      lineNo++;
      if (format === "text") {
        const words = lmWords(line);
        if (words.length > 0) yield words;
        continue;
      }
      if (line.trim() === "") continue;
      let text: unknown;
      try {
        text = (JSON.parse(line) as Record<string, unknown>)[textKey];
      } catch (err) {
        throw new UserError(`${path}:${lineNo}: not JSON (${(err as Error).message})`);
      }
      if (typeof text !== "string") throw new UserError(`${path}:${lineNo}: no string field "${textKey}"`);
      for (const l of text.split("\n")) {
        const words = lmWords(l);
        if (words.length > 0) yield words;
      }
    }
  }
}
