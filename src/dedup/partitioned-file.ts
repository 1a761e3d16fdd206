import { closeSync, mkdirSync, openSync, readFileSync, readSync, renameSync, writeSync } from "node:fs";
import { dirname } from "node:path";
import { writeFileAtomic } from "../run/run-dir.js";

/**
 * A binary file of records grouped by partition, with a sidecar `.idx` of partition offsets,
 * so that a reader of one partition reads only its byte range of every task's file. This is
 * how multi-stage steps shuffle data between stages with memory bounded by one slice.
 */
export function writePartitioned(path: string, parts: Buffer[][]): void {
  const offsets = [0];
  for (const p of parts) offsets.push(offsets[offsets.length - 1] + p.reduce((a, b) => a + b.length, 0));
  writeFileAtomic(path, Buffer.concat(parts.flat()));
  writeFileAtomic(path + ".idx", JSON.stringify(offsets));
}

/**
 * The same file written as a stream, partitions in increasing order, so that memory does not
 * hold the whole file (the clustering's removal decisions grow with the duplicates).
 */
export class PartitionedStreamWriter {
  private readonly fd: number;
  private readonly offsets = [0];
  private size = 0;

  constructor(
    private readonly path: string,
    private readonly count: number,
  ) {
    mkdirSync(dirname(path), { recursive: true });
    this.fd = openSync(path + ".tmp", "w");
  }

  add(part: number, record: Buffer): void {
    if (part < this.offsets.length - 1) throw new Error(`${this.path}: partition ${part} written after partition ${this.offsets.length - 1}`);
    while (this.offsets.length - 1 < part) this.offsets.push(this.size);
    writeSync(this.fd, record);
    this.size += record.length;
  }

  close(): void {
    while (this.offsets.length < this.count + 1) this.offsets.push(this.size);
    closeSync(this.fd);
    renameSync(this.path + ".tmp", this.path);
    writeFileAtomic(this.path + ".idx", JSON.stringify(this.offsets));
  }
}

/** The bytes of partition `p` of a partitioned file. */
export function readPartition(path: string, p: number): Buffer {
  const offsets = JSON.parse(readFileSync(path + ".idx", "utf8")) as number[];
  const start = offsets[p];
  const length = offsets[p + 1] - start;
  const buf = Buffer.allocUnsafe(length);
  if (length === 0) return buf;
  const fd = openSync(path, "r");
  try {
    let done = 0;
    while (done < length) done += readSync(fd, buf, done, length - done, start + done);
  } finally {
    closeSync(fd);
  }
  return buf;
}

/** Records gathered by partition (the first 4 bytes of their hash), then written as one partitioned file. */
export class PartitionedWriter {
  private readonly parts: Buffer[][];

  constructor(count: number) {
    this.parts = Array.from({ length: count }, () => []);
  }

  add(hash: Buffer, record: Buffer): void {
    this.parts[hash.readUInt32BE(0) % this.parts.length].push(record);
  }

  write(path: string): void {
    mkdirSync(dirname(path), { recursive: true });
    writePartitioned(path, this.parts);
  }
}

/** Partitions of a shuffle stage: fixed by the config, else one per `bytesPerPartition` of input (at most 4,096). */
export function partitionCount(fixed: number | undefined, inputBytes: number, bytesPerPartition: number): number {
  return fixed ?? Math.max(1, Math.min(4096, Math.ceil(inputBytes / bytesPerPartition)));
}
