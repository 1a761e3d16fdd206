import { readJsonl } from "./jsonl.js";
import { readParquet } from "./parquet.js";
import type { InputFormat, Reader } from "./reader.js";

export const READERS: Record<InputFormat, Reader> = {
  jsonl: readJsonl,
  "jsonl.gz": readJsonl,
  "jsonl.zst": readJsonl,
  parquet: readParquet,
};
