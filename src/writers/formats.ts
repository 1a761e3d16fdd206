import type { EncoderFactory, OutputFormat } from "./encoder.js";
import { JsonlEncoder } from "./jsonl-encoder.js";
import { ParquetEncoder } from "./parquet-encoder.js";

/** File extension and encoder of each output format. */
export const ENCODERS: Record<OutputFormat, EncoderFactory> = {
  jsonl: (path, o) => new JsonlEncoder(path, "none", o),
  "jsonl.gz": (path, o) => new JsonlEncoder(path, "gzip", o),
  "jsonl.zst": (path, o) => new JsonlEncoder(path, "zstd", o),
  parquet: (path, o) => new ParquetEncoder(path, o),
};
