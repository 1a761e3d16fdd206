import { closeSync, openSync, readSync } from "node:fs";
import { writeFileAtomic } from "../run/run-dir.js";

/** One record of a task's key file: [key f64][ordinal u32]. */
export const KEY_RECORD = 12;

/** A selection rank: larger key first; ties to the lower task, then the lower ordinal. */
export interface Ranked {
  key: number;
  task: number;
  ordinal: number;
}

/** Whether `a` ranks before `b`. */
export function ranksBefore(a: Ranked, b: Ranked): boolean {
  if (a.key !== b.key) return a.key > b.key;
  if (a.task !== b.task) return a.task < b.task;
  return a.ordinal < b.ordinal;
}

/** Writes one task's keys (index = ordinal), sorted by rank, for the streaming merge. */
export function writeKeyFile(path: string, keys: Float64Array): void {
  const order = new Uint32Array(keys.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  order.sort((a, b) => (keys[a] !== keys[b] ? (keys[a] > keys[b] ? -1 : 1) : a - b));
  const buf = Buffer.allocUnsafe(keys.length * KEY_RECORD);
  for (let i = 0; i < order.length; i++) {
    buf.writeDoubleLE(keys[order[i]], i * KEY_RECORD);
    buf.writeUInt32LE(order[i], i * KEY_RECORD + 8);
  }
  writeFileAtomic(path, buf);
}

/** Reads a task's key file in order, a buffer at a time: memory is one buffer per task. */
export class KeyFileReader implements Ranked {
  key = 0;
  ordinal = 0;
  private readonly fd: number;
  private readonly buf = Buffer.allocUnsafe(KEY_RECORD * 4096);
  private pos = 0;
  private end = 0;
  private closed = false;

  constructor(
    path: string,
    readonly task: number,
  ) {
    this.fd = openSync(path, "r");
  }

  /** Moves to the next record; false (and the file closed) at the end. */
  next(): boolean {
    if (this.pos >= this.end) {
      this.end = readSync(this.fd, this.buf, 0, this.buf.length, null);
      this.pos = 0;
      if (this.end === 0) {
        this.close();
        return false;
      }
      if (this.end % KEY_RECORD !== 0) throw new Error(`key file of task ${this.task} is truncated`);
    }
    this.key = this.buf.readDoubleLE(this.pos);
    this.ordinal = this.buf.readUInt32LE(this.pos + 8);
    this.pos += KEY_RECORD;
    return true;
  }

  close(): void {
    if (!this.closed) closeSync(this.fd);
    this.closed = true;
  }
}
