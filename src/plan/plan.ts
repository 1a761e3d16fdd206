import { closeSync, openSync, readSync } from "node:fs";
import type { InputSlice } from "../readers/reader.js";
import { isUrl } from "../storage/url.js";
import type { InputFile } from "./list-inputs.js";

export interface Task {
  index: number;
  /** Bytes to read (of the file or range), used to run the largest tasks first. */
  bytes: number;
  slices: InputSlice[];
}

/**
 * One task per input file, except uncompressed JSONL files above `maxBytes`, which are cut at
 * line starts into ranges of about `maxBytes` so that one big file still feeds every worker.
 * The plan depends on the inputs and `maxBytes` only, never on the worker count.
 */
export function planTasks(files: InputFile[], maxBytes: number): Task[] {
  const tasks: Task[] = [];
  for (const file of files) {
    const base = { path: file.path, source: file.source, format: file.format };
    if (file.format === "jsonl" && !/\.(gz|zst|zstd)$/i.test(file.path) && file.size > maxBytes && !isUrl(file.path)) {
      for (const r of lineRanges(file.path, file.size, maxBytes)) {
        tasks.push({ index: tasks.length, bytes: r.end - r.start, slices: [{ ...base, ...r }] });
      }
    } else {
      tasks.push({ index: tasks.length, bytes: file.size, slices: [base] });
    }
  }
  return tasks;
}

interface LineRange {
  start: number;
  end: number;
  firstLine: number;
}

/** Cuts a file into ranges that each start at a line start; counts lines so ids and errors name real line numbers. */
export function lineRanges(path: string, size: number, maxBytes: number): LineRange[] {
  const ranges: LineRange[] = [];
  const fd = openSync(path, "r");
  const buf = Buffer.allocUnsafe(8 << 20);
  let start = 0;
  let firstLine = 1;
  let line = 1; // number of the line starting after the last newline seen
  let target = maxBytes;
  try {
    for (let pos = 0; pos < size; ) {
      const n = readSync(fd, buf, 0, Math.min(buf.length, size - pos), pos);
      if (n === 0) break;
      for (let i = buf.indexOf(10); i !== -1 && i < n; i = buf.indexOf(10, i + 1)) {
        line++;
        const next = pos + i + 1; // a line starts here
        if (next >= target && next < size) {
          ranges.push({ start, end: next, firstLine });
          start = next;
          firstLine = line;
          target = next + maxBytes;
        }
      }
      pos += n;
    }
  } finally {
    closeSync(fd);
  }
  ranges.push({ start, end: size, firstLine });
  return ranges;
}
