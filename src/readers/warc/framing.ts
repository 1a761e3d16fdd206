import { errorMessage } from "../../core/errors.js";
import { excerpt } from "../reader.js";
import type { ByteReader } from "./byte-reader.js";

/**
 * Record framing shared by WARC and ARC: a header that gives the block length, the block, then
 * newlines and the next record. This is our own parser rather than warcio's because warcio
 * cannot survive the broken fixtures: on `clipped.warc.gz` (a record cut by the end of the file)
 * it spins without yielding the event loop, on `example-trunc.warc` (a Content-Length running
 * into the next record) it loses that record, and it reads neither `bad.arc` nor an ARC file's
 * records. Here every record is checked to end where the next one starts; when it does not, the
 * record is an error and reading resumes at the next line that starts a record, searched from
 * the start of the bad block, so the records it swallowed are not lost.
 */
export interface RecordFormat<H> {
  /** What the format calls itself, for messages. */
  name: string;
  /** Bytes after a block that must be buffered to tell whether a record starts there. */
  lookahead: number;
  /**
   * What a well-formed record ends with, when distinctive enough to trust: a block followed by it
   * is whole even if garbage, not a record, comes next (the garbage is then an error of its own).
   */
  separator?: Buffer;
  /** Whether a record starts at `i`, a line start of `view` whose line is complete in `view` (or ends the input). */
  startsAt(view: Buffer, i: number): boolean;
  /**
   * The header at the start of `view` (which holds MAX_HEADER bytes, or all that remain), where
   * `startsAt` holds: its size and the length of the block after it, or what is wrong with it.
   */
  header(view: Buffer): { size: number; length: number; fields: H } | { size: number; error: string };
}

export interface RawRecord<H> {
  /** Offset of the record's first byte in the (decompressed) input. */
  offset: number;
  fields: H;
  /** Length of the block (the bytes after the header). */
  length: number;
  /** The block, or null when longer than the in-memory limit; valid until the generator resumes. */
  body: Buffer | null;
  /** The first bytes of the block (all of it when `body` is set). */
  head: Buffer;
}

export interface Broken {
  offset: number;
  message: string;
  excerpt?: string;
}

/** Header blocks longer than this are broken records. */
export const MAX_HEADER = 64 * 1024;
/** Resynchronisation scans this much input per round. */
const SCAN_WINDOW = 256 * 1024;

/**
 * The records of an input. Blocks up to `maxBody` bytes come whole in memory; longer ones come
 * with their head only and are then skipped as they stream past, so memory stays bounded.
 */
export async function* records<H>(
  input: ByteReader,
  format: RecordFormat<H>,
  maxBody: number,
  onBroken: (b: Broken) => void,
): AsyncGenerator<RawRecord<H>> {
  let failureReported = false;
  /** How the input ended, when a record was cut by its end. */
  const endNote = () => {
    if (!input.failure) return "the end of the file";
    failureReported = true;
    return `a failed stream (${errorMessage(input.failure)})`;
  };
  for (;;) {
    await skipNewlines(input);
    if (input.atEnd) break;
    const offset = input.offset;
    await input.fill(MAX_HEADER);
    const view = input.view(0, MAX_HEADER);
    // Buffers are never written to, so this view stays readable after the bytes are consumed.
    const shown = () => excerpt(view.toString("utf8", 0, 400));
    if (!format.startsAt(view, 0)) {
      const skipped = await resync(input, format, false);
      onBroken({ offset, message: `${format.name} record expected: skipped ${skipped} bytes${input.atEnd ? " up to the end" : ""}`, excerpt: shown() });
      continue;
    }
    const head = format.header(view);
    if ("error" in head) {
      input.consume(head.size);
      await resync(input, format, head.size > 0);
      onBroken({ offset, message: head.error, excerpt: shown() });
      continue;
    }
    const { size, length, fields } = head;
    if (length <= maxBody) {
      await input.fill(size + length + format.lookahead);
      const have = input.available - size;
      if (have >= length && endsRecord(input.view(size + length), format)) {
        yield { offset, fields, length, body: input.view(size, size + length), head: input.view(size, size + Math.min(length, MAX_HEADER)) };
        input.consume(size + length);
        continue;
      }
      // The block does not end where its length says: the file was cut, or the length is wrong.
      input.consume(size);
      const bodyStart = input.offset;
      await resync(input, format, true);
      const message = input.atEnd && have < length
        ? `${format.name} record cut short: ${have} of ${length} bytes before ${endNote()}`
        : input.atEnd
          ? `${format.name} record declares ${length} bytes but is not followed by a record`
          : `${format.name} record declares ${length} bytes but the next record starts ${input.offset - bodyStart} bytes after its header`;
      onBroken({ offset, message, excerpt: shown() });
      continue;
    }
    yield { offset, fields, length, body: null, head: input.view(size, size + MAX_HEADER) };
    input.consume(size);
    const skipped = await input.skip(length);
    if (skipped < length) {
      onBroken({ offset, message: `${format.name} record cut short: ${skipped} of ${length} bytes before ${endNote()}`, excerpt: shown() });
      break;
    }
    await input.fill(format.lookahead);
    if (!endsRecord(input.view(), format)) {
      const at = input.offset;
      const garbage = await resync(input, format, false);
      onBroken({ offset: at, message: `${format.name} record at offset ${offset} is followed by ${garbage} unexpected bytes` });
    }
  }
  if (input.failure && !failureReported) {
    onBroken({ offset: input.offset, message: `stream failed after ${input.offset} bytes: ${errorMessage(input.failure)}` });
  }
}

/** After a block: its separator, or only newlines then a record start or the end of what is buffered. */
function endsRecord<H>(after: Buffer, format: RecordFormat<H>): boolean {
  if (format.separator && after.subarray(0, format.separator.length).equals(format.separator)) return true;
  let i = 0;
  while (i < after.length && (after[i] === 10 || after[i] === 13)) i++;
  return i === after.length || format.startsAt(after, i);
}

async function skipNewlines(input: ByteReader): Promise<void> {
  for (;;) {
    if (input.available === 0 && !(await input.fill(1))) return;
    const v = input.view();
    let i = 0;
    while (i < v.length && (v[i] === 10 || v[i] === 13)) i++;
    input.consume(i);
    if (i < v.length) return;
  }
}

/**
 * Consumes input up to the next line where a record starts, or to the end. `here`: the read
 * position is a line start that may itself start a record. Returns the bytes skipped.
 */
async function resync<H>(input: ByteReader, format: RecordFormat<H>, here: boolean): Promise<number> {
  const start = input.offset;
  for (;;) {
    const ended = !(await input.fill(SCAN_WINDOW));
    const v = input.view();
    let p = here ? 0 : nextLine(v, 0);
    // A line is tested once it is complete: a record start may be cut by the buffer's end.
    while (p !== -1 && (ended || v.indexOf(10, p) !== -1)) {
      if (format.startsAt(v, p)) {
        input.consume(p);
        return input.offset - start;
      }
      p = nextLine(v, p);
    }
    if (ended) {
      input.consume(v.length);
      return input.offset - start;
    }
    // Keep the incomplete last line for the next round, unless it fills the whole window.
    here = p > 0;
    input.consume(p > 0 ? p : v.length);
  }
}

function nextLine(v: Buffer, i: number): number {
  const nl = v.indexOf(10, i);
  return nl === -1 ? -1 : nl + 1;
}
