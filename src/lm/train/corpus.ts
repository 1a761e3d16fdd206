import { StringDecoder } from "node:string_decoder";
import { UserError } from "../../core/errors.js";
import { compressionOf, inputChunks } from "../../io/input-stream.js";
import { lmWords } from "../tokenize.js";

export interface CorpusOptions {
  /** "text": every line is a sentence; "jsonl": every line of `record[textKey]` is one. Default: by file name. */
  format?: "text" | "jsonl";
  textKey?: string;
}

/** jsonl for .jsonl/.json(.gz/.zst) names, else text. */
export function corpusFormat(path: string): "text" | "jsonl" {
  return /\.jsonl?(\.gz|\.zst)?$/.test(path) ? "jsonl" : "text";
}

/**
 * The sentences of training files as the perplexity step sees them: each non-empty line
 * (of a text file, or of a JSONL record's text) cut into `lmWords`. Streams, so a file's size
 * does not matter; `.gz` and `.zst` files are decompressed on the fly.
 */
export async function* corpusSentences(paths: readonly string[], o: CorpusOptions = {}): AsyncGenerator<string[]> {
  const textKey = o.textKey ?? "text";
  for (const path of paths) {
    const format = o.format ?? corpusFormat(path);
    let lineNo = 0;
    for await (const line of fileLines(path)) {
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

/** The lines of a file (without "\n" or "\r\n"); a missing or damaged file is a UserError naming it. */
async function* fileLines(path: string): AsyncGenerator<string> {
  const decoder = new StringDecoder("utf8");
  let rest = "";
  try {
    for await (const chunk of inputChunks(path, compressionOf(path), () => {})) {
      const lines = (rest + decoder.write(chunk)).split("\n");
      rest = lines.pop()!;
      for (const line of lines) yield line.endsWith("\r") ? line.slice(0, -1) : line;
    }
  } catch (err) {
    throw new UserError(`${path}: ${(err as Error).message}`);
  }
  rest += decoder.end();
  if (rest !== "") yield rest.endsWith("\r") ? rest.slice(0, -1) : rest;
}
