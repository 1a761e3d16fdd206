import { createRequire } from "node:module";
import type { EncoderFactory, OutputFormat } from "./encoder.js";
import { JsonlEncoder } from "./jsonl-encoder.js";
import type { ParquetEncoder } from "./parquet-encoder.js";

// The Parquet encoder brings hyparquet-writer: loaded (synchronously, encoders are) on first use.
const require = createRequire(import.meta.url);

/** File extension and encoder of each output format. */
export const ENCODERS: Record<OutputFormat, EncoderFactory> = {
  jsonl: (path, o) => new JsonlEncoder(path, "none", o),
  "jsonl.gz": (path, o) => new JsonlEncoder(path, "gzip", o),
  "jsonl.zst": (path, o) => new JsonlEncoder(path, "zstd", o),
  parquet: (path, o) => {
    const { ParquetEncoder: Encoder } = require("./parquet-encoder.js") as { ParquetEncoder: typeof ParquetEncoder };
    return new Encoder(path, o);
  },
};
