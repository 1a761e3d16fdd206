import { open } from "node:fs/promises";
import { endianness } from "node:os";
import { NgramModel, type NgramModelParts } from "./ngram-model.js";

/**
 * winnow's binary n-gram model (.wlm): the tables `NgramModel` builds from an ARPA file, saved
 * as they are in memory, so that loading is one read into typed arrays, with no parsing.
 *
 *   0  "WINNOWLM"   8  u32 checksum of bytes 16 … end   12 u32 version   16 u32 order n
 *   20 u32 words V  24 u32 bytes of words   28 u32 0   32 f64 counts[n], f64 sizes[n − 1], f64 slots[n − 1]
 * then, each section starting at a multiple of 16: u32 word ends[V] (UTF-8, cumulative), word
 * bytes, f32 unigrams[2 (counts[0] + 1)], u8 unigram contexts[counts[0] + 1], and per order
 * k = 2 … n the NgramTable's slots[k] × 16 bytes. Little-endian, as typed arrays are on the
 * machines Node runs on (a big-endian machine is refused).
 */
export const WLM_MAGIC = "WINNOWLM";
const VERSION = 1;
const HEADER = 32;

const align16 = (n: number) => (n + 15) & ~15;
const headerBytes = (order: number) => align16(HEADER + 8 * (3 * order - 2));

/**
 * Checksum over 32-bit words, four FNV-1a-style lanes (word i into lane i mod 4, so that the
 * multiplies pipeline): a change to any one word changes its lane. `lanes` carries the state
 * across calls, each given a multiple of 4 words (the file is in 16-byte blocks).
 */
function checksum(lanes: Int32Array, words: Uint32Array): void {
  let [a, b, c, d] = lanes;
  for (let i = 0; i < words.length; i += 4) {
    a = Math.imul(a ^ words[i], 0x01000193);
    b = Math.imul(b ^ words[i + 1], 0x01000193);
    c = Math.imul(c ^ words[i + 2], 0x01000193);
    d = Math.imul(d ^ words[i + 3], 0x01000193);
  }
  lanes[0] = a;
  lanes[1] = b;
  lanes[2] = c;
  lanes[3] = d;
}

const newLanes = () => Int32Array.from([0x811c9dc5, 0x2545f491, 0x1b873593, 0x7f4a7c15]);
/** The stored value: the lanes folded into one word. */
const fold = (lanes: Int32Array) => (Math.imul(lanes[0], 31) ^ Math.imul(lanes[1], 37) ^ Math.imul(lanes[2], 41) ^ lanes[3]) >>> 0;

function assertLittleEndian(): void {
  if (endianness() !== "LE") throw new Error(".wlm models are little-endian; this machine is big-endian");
}

/** Sections after the header, in file order (each padded to 16 bytes; all start 4-byte aligned in memory). */
function sections(p: NgramModelParts, wordEnds: Uint32Array, wordBytes: Uint8Array): Uint8Array[] {
  const bytes = (a: ArrayBufferView) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  return [bytes(wordEnds), wordBytes, bytes(p.unigrams), p.unigramContext, ...p.tables.map((t) => bytes(t.slots))];
}

/** Writes `model` to `path` as .wlm. */
export async function writeWlm(model: NgramModel, path: string): Promise<void> {
  assertLittleEndian();
  const p = model.parts();
  const n = p.counts.length;
  const encoded = p.words.map((w) => Buffer.from(w, "utf8"));
  const wordEnds = new Uint32Array(encoded.length);
  let total = 0;
  encoded.forEach((b, i) => (wordEnds[i] = total += b.length));
  const wordBytes = new Uint8Array(total); // its own buffer: aligned, unlike a pooled Buffer
  encoded.forEach((b, i) => wordBytes.set(b, i === 0 ? 0 : wordEnds[i - 1]));

  const header = new ArrayBuffer(headerBytes(n));
  const u32 = new Uint32Array(header);
  const f64 = new Float64Array(header, HEADER);
  new Uint8Array(header).set(Buffer.from(WLM_MAGIC, "latin1"));
  u32[3] = VERSION;
  u32[4] = n;
  u32[5] = p.words.length;
  u32[6] = total;
  p.counts.forEach((c, k) => (f64[k] = c));
  p.tables.forEach((t, k) => {
    f64[n + k] = t.size;
    f64[2 * n - 1 + k] = t.slots.length / 4;
  });

  const file = await open(path, "w");
  try {
    let at = header.byteLength;
    const lanes = newLanes();
    checksum(lanes, new Uint32Array(header, 16));
    const pad = new Uint8Array(16);
    for (const s of sections(p, wordEnds, wordBytes)) {
      const padding = align16(s.length) - s.length;
      // The checksum takes 16-byte blocks: the section's whole blocks, then its last one, zero-padded.
      const body = s.length & ~15;
      checksum(lanes, new Uint32Array(s.buffer, s.byteOffset, body / 4));
      const tail = new Uint8Array(align16(s.length) - body);
      tail.set(s.subarray(body));
      checksum(lanes, new Uint32Array(tail.buffer));
      await file.write(s, 0, s.length, at);
      if (padding) await file.write(pad, 0, padding, at + s.length);
      at += s.length + padding;
    }
    u32[2] = fold(lanes);
    await file.write(new Uint8Array(header), 0, header.byteLength, 0);
  } finally {
    await file.close();
  }
}

/** Whether the file starts with the .wlm magic. */
export async function isWlm(path: string): Promise<boolean> {
  const file = await open(path, "r");
  try {
    const head = Buffer.alloc(WLM_MAGIC.length);
    const { bytesRead } = await file.read(head, 0, head.length, 0);
    return bytesRead === head.length && head.toString("latin1") === WLM_MAGIC;
  } finally {
    await file.close();
  }
}

/** Reads a .wlm model: one read of the file, then typed-array views on it. */
export async function readWlm(path: string): Promise<NgramModel> {
  assertLittleEndian();
  const fail = (why: string) => new Error(`${path}: ${why}`);
  const file = await open(path, "r");
  let buffer: ArrayBuffer;
  try {
    const size = (await file.stat()).size;
    buffer = new ArrayBuffer(size);
    const all = new Uint8Array(buffer);
    for (let at = 0; at < size; ) {
      const { bytesRead } = await file.read(all, at, Math.min(size - at, 1 << 30), at);
      if (bytesRead === 0) throw fail(`truncated while reading (${at} of ${size} bytes)`);
      at += bytesRead;
    }
  } finally {
    await file.close();
  }
  const size = buffer.byteLength;
  if (size < HEADER || Buffer.from(buffer, 0, 8).toString("latin1") !== WLM_MAGIC) throw fail(`not a .wlm model (no ${WLM_MAGIC} magic)`);
  const u32 = new Uint32Array(buffer, 0, HEADER / 4);
  if (u32[3] !== VERSION) throw fail(`.wlm version ${u32[3]}; this winnow reads version ${VERSION}: recompile it with \`winnow lm compile\``);
  const n = u32[4];
  const vocabulary = u32[5];
  const wordBytes = u32[6];
  if (n < 1 || n > 64 || size < headerBytes(n)) throw fail(`corrupted or truncated header (order ${n}, ${size} bytes)`);
  const f64 = new Float64Array(buffer, HEADER, 3 * n - 2);
  const counts = Array.from(f64.subarray(0, n));
  const sizes = Array.from(f64.subarray(n, 2 * n - 1));
  const slots = Array.from(f64.subarray(2 * n - 1, 3 * n - 2));
  const whole = (x: number) => Number.isSafeInteger(x) && x >= 0;
  if (!counts.every(whole) || !sizes.every((s, k) => whole(s) && s < slots[k]) || !slots.every((s) => whole(s) && s >= 2 && (s & (s - 1)) === 0 && s < 2 ** 31)) {
    throw fail("corrupted header (n-gram counts or table sizes)");
  }
  if (vocabulary < 1 || vocabulary > counts[0] + 1) throw fail(`corrupted header (${vocabulary} words for ${counts[0]} 1-grams)`);
  const lengths = [4 * vocabulary, wordBytes, 8 * (counts[0] + 1), counts[0] + 1, ...slots.map((s) => 16 * s)];
  const expected = lengths.reduce((at, len) => at + align16(len), headerBytes(n));
  if (size !== expected) throw fail(`${size < expected ? "truncated" : "corrupted"}: ${size} bytes, the header describes ${expected}`);
  const lanes = newLanes();
  checksum(lanes, new Uint32Array(buffer, 16));
  if (fold(lanes) !== u32[2]) throw fail("corrupted: checksum mismatch");

  let at = headerBytes(n);
  const next = (len: number) => {
    const start = at;
    at += align16(len);
    return start;
  };
  const wordEnds = new Uint32Array(buffer, next(lengths[0]), vocabulary);
  const bytes = Buffer.from(buffer, next(lengths[1]), wordBytes);
  const words = new Array<string>(vocabulary);
  for (let i = 0, start = 0; i < vocabulary; start = wordEnds[i++]) {
    if (wordEnds[i] < start || wordEnds[i] > wordBytes) throw fail("corrupted vocabulary");
    words[i] = bytes.toString("utf8", start, wordEnds[i]);
  }
  const unigrams = new Float32Array(buffer, next(lengths[2]), 2 * (counts[0] + 1));
  const unigramContext = new Uint8Array(buffer, next(lengths[3]), counts[0] + 1);
  const tables = slots.map((s, k) => ({ slots: new Uint32Array(buffer, next(16 * s), 4 * s), size: sizes[k] }));
  try {
    return NgramModel.fromParts({ counts, words, unigrams, unigramContext, tables });
  } catch (err) {
    throw fail(`corrupted: ${(err as Error).message}`);
  }
}
