import type { Readable } from "node:stream";
import { crc32, createGunzip, inflateRawSync, type Gunzip } from "node:zlib";

/** Chunks of 1 MiB, as in input-stream.ts. */
const CHUNK = 1 << 20;

/** Where a corrupt gzip member was met, and where reading went on. */
export interface CorruptMember {
  /** Compressed offset up to which the data decoded cleanly. */
  offset: number;
  /** Compressed offset of the next gzip member, where decoding resumed. */
  resumedAt: number;
  message: string;
}

/**
 * The decompressed bytes of a gzip file of many members (a WARC file has one per record),
 * going on after a corrupt member: decoding restarts at the next gzip header found after the
 * point where the damage was detected, and `onCorrupt` says where. The fast path is zlib's own
 * multi-member gunzip, unchanged; only a failure costs a scan. `openRaw(start)` streams the
 * compressed file from a byte offset (a local file or a ranged read on storage).
 *
 * When no member follows the damage (a file cut short), the failure is thrown as before, so the
 * caller reports a cut record.
 */
export async function* gunzipMembers(
  openRaw: (start: number) => Readable,
  onRaw: (n: number) => void,
  onCorrupt: (c: CorruptMember) => void,
): AsyncGenerator<Buffer, void, undefined> {
  let start = 0;
  let counted = 0;
  for (;;) {
    const raw = openRaw(start);
    const gunzip = createGunzip({ chunkSize: CHUNK });
    const run = pump(raw, gunzip, start, (pos) => {
      if (pos > counted) {
        onRaw(pos - counted);
        counted = pos;
      }
    });
    try {
      yield* run.chunks;
    } finally {
      raw.destroy();
      gunzip.destroy();
    }
    const { rawError, failure, pos, delivered } = run.result();
    if (rawError) throw rawError;
    let badAt: number;
    let why: string;
    if (failure === undefined) {
      // zlib stops quietly at bytes after a member that do not start another one (a damaged
      // header): the rest of the file is then unread, which is damage too.
      badAt = start + gunzip.bytesWritten;
      if (pos <= badAt) return;
      why = "bytes that do not start a gzip member";
    } else {
      // zlib decodes every member a write holds in one call and drops that call's output when
      // one fails, so members before the bad one may be unseen: decode again from the last
      // restart, member by member, passing over what was already handed out.
      const careful = memberByMember(openRaw, start, delivered);
      let r = await careful.next();
      while (!r.done) {
        yield r.value;
        r = await careful.next();
      }
      if (r.value === undefined) return;
      badAt = r.value.offset;
      why = r.value.message;
    }
    const next = await nextMember(openRaw, badAt + 1);
    if (next === -1) {
      if (failure !== undefined) throw failure;
      return;
    }
    onCorrupt({ offset: badAt, resumedAt: next, message: `corrupt gzip member at compressed byte offset ${badAt} (${why}); resumed at the next gzip member, at compressed byte offset ${next}` });
    start = next;
  }
}

/** Output held at most before the compressed stream is paused. */
const HIGH_WATER = 4 << 20;

/**
 * Feeds `raw` into `gunzip` by hand and hands over every output chunk as zlib produces it. A
 * plain `for await` over the gunzip stream would lose the output still buffered in it when a
 * later member fails (the stream is destroyed with it): here output is taken on `data` at once,
 * and memory is bounded by pausing the compressed side instead.
 */
function pump(raw: Readable, gunzip: Gunzip, start: number, onPos: (pos: number) => void) {
  const queue: Buffer[] = [];
  let queued = 0;
  let ended = false;
  let gzFull = false;
  let rawError: Error | undefined;
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  let pos = start;
  const notify = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  const maybeResume = () => {
    if (!gzFull && queued < HIGH_WATER && raw.isPaused() && !ended) raw.resume();
  };
  raw.on("data", (c: Buffer) => {
    pos += c.length;
    onPos(pos);
    if (!gunzip.write(c)) gzFull = true;
    if (gzFull || queued >= HIGH_WATER) raw.pause();
  });
  raw.on("end", () => gunzip.end());
  raw.on("error", (err) => {
    rawError = err;
    ended = true;
    notify();
  });
  gunzip.on("drain", () => {
    gzFull = false;
    maybeResume();
  });
  let delivered = 0;
  gunzip.on("data", (c: Buffer) => {
    delivered += c.length;
    queue.push(c);
    queued += c.length;
    notify();
  });
  gunzip.on("end", () => {
    ended = true;
    notify();
  });
  gunzip.on("error", (err) => {
    failure ??= err;
    ended = true;
    notify();
  });
  async function* chunks(): AsyncGenerator<Buffer, void, undefined> {
    for (;;) {
      const c = queue.shift();
      if (c) {
        queued -= c.length;
        maybeResume();
        yield c;
        continue;
      }
      if (ended) return;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  }
  return { chunks: chunks(), result: () => ({ rawError, failure, pos, delivered }) };
}

/** A member larger than this (compressed) is not decoded in memory: recovery gives up on it. */
const MAX_MEMBER = 64 << 20;

/**
 * Decodes the members from `start` one at a time (each whole in memory, checked against its
 * CRC-32 and length), yielding output past the first `skip` bytes. Returns where the first bad
 * member starts and why, or undefined at a clean end.
 */
async function* memberByMember(openRaw: (start: number) => Readable, start: number, skip: number): AsyncGenerator<Buffer, { offset: number; message: string } | undefined, undefined> {
  const raw = openRaw(start)[Symbol.asyncIterator]();
  let window: Buffer = Buffer.alloc(0);
  let at = start;
  let eof = false;
  const ensure = async (n: number) => {
    const parts = [window];
    let have = window.length;
    while (have < n && !eof) {
      const r = await raw.next();
      if (r.done) eof = true;
      else {
        parts.push(r.value as Buffer);
        have += (r.value as Buffer).length;
      }
    }
    if (parts.length > 1) window = Buffer.concat(parts);
  };
  try {
    for (;;) {
      await ensure(64 << 10);
      if (window.length === 0) return undefined;
      const header = headerLength(window);
      if (header < 0) return { offset: at, message: "not a gzip member header" };
      let out: { buffer: Buffer; engine: { bytesWritten: number } } | undefined;
      for (let want = Math.max(window.length, 64 << 10); !out; want *= 2) {
        try {
          out = inflateRawSync(window.subarray(header), { info: true }) as unknown as { buffer: Buffer; engine: { bytesWritten: number } };
        } catch (err) {
          const cut = (err as { code?: string }).code === "Z_BUF_ERROR";
          if (!cut || eof || window.length >= MAX_MEMBER) return { offset: at, message: (err as Error).message };
          await ensure(want * 2);
        }
      }
      const end = header + out.engine.bytesWritten + 8;
      await ensure(end);
      if (window.length < end) return { offset: at, message: "unexpected end of file" };
      const data = out.buffer;
      if (window.readUInt32LE(end - 8) !== crc32(data) || window.readUInt32LE(end - 4) !== data.length % 2 ** 32) {
        return { offset: at, message: "incorrect data check" };
      }
      if (skip >= data.length) skip -= data.length;
      else {
        yield skip > 0 ? data.subarray(skip) : data;
        skip = 0;
      }
      window = window.subarray(end);
      at += end;
    }
  } finally {
    await raw.return?.();
  }
}

/** Length of the gzip header at the start of `b` (RFC 1952, 2.3), or -1 when there is none there. */
function headerLength(b: Buffer): number {
  if (b.length < 10 || b[0] !== 0x1f || b[1] !== 0x8b || b[2] !== 8 || (b[3] & 0xe0) !== 0) return -1;
  const flags = b[3];
  let p = 10;
  if (flags & 4) {
    if (b.length < p + 2) return -1;
    p += 2 + b.readUInt16LE(p);
  }
  for (const bit of [8, 16]) {
    if (flags & bit) {
      const z = b.indexOf(0, p);
      if (z === -1) return -1;
      p = z + 1;
    }
  }
  if (flags & 2) p += 2;
  return p <= b.length ? p : -1;
}

/**
 * Offset of the next gzip member header at or after `from`, or -1: the magic bytes, deflate
 * (method 8) and a flags byte with its reserved bits clear (RFC 1952, 2.3.1).
 */
async function nextMember(openRaw: (start: number) => Readable, from: number): Promise<number> {
  const s = openRaw(from);
  let base = from;
  let carry = Buffer.alloc(0);
  try {
    for await (const c of s) {
      const buf = carry.length ? Buffer.concat([carry, c as Buffer]) : (c as Buffer);
      for (let i = buf.indexOf(0x1f); i !== -1 && i + 3 < buf.length; i = buf.indexOf(0x1f, i + 1)) {
        if (buf[i + 1] === 0x8b && buf[i + 2] === 8 && (buf[i + 3] & 0xe0) === 0) return base + i;
      }
      const keep = Math.min(3, buf.length);
      carry = Buffer.from(buf.subarray(buf.length - keep));
      base += buf.length - keep;
    }
    return -1;
  } finally {
    s.destroy();
  }
}
