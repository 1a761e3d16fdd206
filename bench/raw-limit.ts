/**
 * The raw limit: the least work any JSONL.zst reader must do, on one thread. Decompress, find
 * newlines, decode each line and JSON.parse it. Nothing else: no documents, batches, steps or
 * output. The pipeline's throughput per core is judged against this.
 */
import { performance } from "node:perf_hooks";
import { readZstLines, type Decoder } from "./zst-lines.js";

export interface Throughput {
  /** Wall clock. */
  seconds: number;
  /** CPU time of the whole process (user + system, every thread): the cost per core, which other
   * processes competing for the cores barely change. */
  cpuSeconds: number;
  /** Uncompressed JSONL bytes. */
  bytes: number;
  docs: number;
}

export async function measureRawLimit(files: string[], decoder: Decoder = "DecompressStream"): Promise<Throughput> {
  let docs = 0;
  let chars = 0; // uses every parsed value, so nothing can be optimised away
  let bytes = 0;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  for (const file of files) {
    bytes += await readZstLines(file, (buf, start, end) => {
      chars += (JSON.parse(buf.toString("utf8", start, end)) as { text: string }).text.length;
      docs++;
    }, decoder);
  }
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  if (chars === 0) throw new Error("raw limit: no text read");
  return { seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, bytes, docs };
}
