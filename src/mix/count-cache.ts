import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { InputFile } from "../plan/list-inputs.js";
import { READERS } from "../readers/index.js";
import { writeJsonAtomic } from "../run/run-dir.js";
import type { DocEncoder } from "../tokenize/doc-encoder.js";
import { TokenList } from "../tokenize/token-list.js";
import { CountRecordWriter } from "./count-records.js";
import { docLanguage, docLicense } from "./doc-facts.js";
import type { MixSource } from "./options.js";

/** What one source file holds, as counted with one tokenizer. */
export interface FileCounts {
  /** The count records (`count-records.ts`). */
  records: string;
  docs: number;
  tokens: number;
  /** UTF-8 bytes of the texts. */
  bytes: number;
  /** Tokens per stated language ("unknown" when unstated). */
  languages: Record<string, number>;
  /** Documents per stated license. */
  licenses: Record<string, number>;
  /** Records the reader could not turn into documents (see the source run's errors/). */
  errors: number;
}

/** How the first pass went: a rerun with other proportions counts nothing. */
export interface CountStats {
  files_counted: number;
  files_cached: number;
  /** Bytes of input read to count tokens (0 when every file was cached). */
  bytes_read: number;
}

/** Identifies a tokenizer for the cache: its name, or a tokenizer.json's path, size and mtime. */
export function tokenizerStamp(tokenizer: string): string {
  if (!existsSync(tokenizer)) return tokenizer;
  const st = statSync(tokenizer);
  return `${tokenizer}\0${st.size}\0${Math.floor(st.mtimeMs)}`;
}

const VERSION = 1;

/**
 * Token counts of one source file, from the cache when the file (path, size, mtime), the
 * tokenizer and the text/id fields are unchanged, else counted by reading the file once and
 * saved. Counts are of the text alone (no BOS/EOS), per document, in reading order.
 */
export async function fileCounts(file: InputFile, source: MixSource, encoder: () => Promise<DocEncoder>, tokenizer: string, cacheDir: string, stats: CountStats): Promise<FileCounts> {
  const key = createHash("sha256")
    .update(JSON.stringify([VERSION, file.path, file.source, file.size, file.mtime_ms, tokenizer, source.text_key, source.id_key]))
    .digest("hex")
    .slice(0, 32);
  const summaryPath = join(cacheDir, `${key}.json`);
  const records = join(cacheDir, `${key}.counts`);
  if (existsSync(summaryPath) && existsSync(records)) {
    stats.files_cached++;
    return { ...(JSON.parse(readFileSync(summaryPath, "utf8")) as FileCounts), records };
  }
  const enc = await encoder();
  mkdirSync(cacheDir, { recursive: true });
  const out: FileCounts = { records, docs: 0, tokens: 0, bytes: 0, languages: {}, licenses: {}, errors: 0 };
  const writer = new CountRecordWriter(records);
  const ids = new TokenList();
  try {
    const reader = READERS[file.format](
      { path: file.path, source: file.source, format: file.format },
      {
        textKey: source.text_key,
        idKey: source.id_key,
        maxDocBytes: 1 << 30,
        signal: new AbortController().signal,
        onBytes: (n) => (stats.bytes_read += n),
        onError: () => out.errors++,
      },
    );
    for await (const batch of reader) {
      for (const doc of batch) {
        ids.clear();
        enc.encode(doc.text, ids);
        const bytes = Buffer.byteLength(doc.text, "utf8");
        writer.add(doc.id, ids.length, bytes);
        out.docs++;
        out.tokens += ids.length;
        out.bytes += bytes;
        const lang = docLanguage(doc) ?? "unknown";
        out.languages[lang] = (out.languages[lang] ?? 0) + ids.length;
        const license = docLicense(doc);
        if (license !== undefined) out.licenses[license] = (out.licenses[license] ?? 0) + 1;
      }
    }
  } catch (err) {
    writer.abort();
    throw err;
  }
  writer.complete();
  // The summary is written last: it marks the records complete.
  writeJsonAtomic(summaryPath, { ...out, records: undefined });
  stats.files_counted++;
  return out;
}
