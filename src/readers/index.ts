import { readJsonl } from "./jsonl.js";
import { readParquet } from "./parquet.js";
import type { InputFormat, Reader } from "./reader.js";
import { readArc, readWarc, readWet } from "./warc.js";

export const READERS: Record<InputFormat, Reader> = {
  jsonl: readJsonl,
  "jsonl.gz": readJsonl,
  "jsonl.zst": readJsonl,
  parquet: readParquet,
  warc: readWarc,
  wet: readWet,
  arc: readArc,
};
