import { readJsonl } from "./jsonl.js";
import type { InputFormat, Reader } from "./reader.js";

/**
 * Readers by input format. Parquet and WARC readers bring their own dependencies (hyparquet,
 * record parsers), so they are imported the first time a file of that format is read.
 */
export const READERS: Record<InputFormat, Reader> = {
  jsonl: readJsonl,
  "jsonl.gz": readJsonl,
  "jsonl.zst": readJsonl,
  parquet: loadedOnUse(async () => (await import("./parquet.js")).readParquet),
  warc: loadedOnUse(async () => (await import("./warc.js")).readWarc),
  wet: loadedOnUse(async () => (await import("./warc.js")).readWet),
  arc: loadedOnUse(async () => (await import("./warc.js")).readArc),
};

function loadedOnUse(load: () => Promise<Reader>): Reader {
  return async function* (slice, opts) {
    yield* (await load())(slice, opts);
  };
}
