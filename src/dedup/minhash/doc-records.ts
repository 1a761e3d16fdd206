import { readSync } from "node:fs";

/** Per indexed document: [ordinal u32][score f64][id length u16][id utf-8]. */
export function encodeDoc(ordinal: number, score: number, id: string): Buffer {
  const idBytes = Buffer.from(id, "utf8").subarray(0, 0xffff);
  const b = Buffer.allocUnsafe(14 + idBytes.length);
  b.writeUInt32LE(ordinal, 0);
  b.writeDoubleLE(score, 4);
  b.writeUInt16LE(idBytes.length, 12);
  idBytes.copy(b, 14);
  return b;
}

/** Visits every entry of a `.docs` file with its byte offset (for `readDocId`). */
export function forEachDoc(buf: Buffer, fn: (ordinal: number, score: number, offset: number) => void): void {
  for (let o = 0; o < buf.length; o += 14 + buf.readUInt16LE(o + 12)) fn(buf.readUInt32LE(o), buf.readDoubleLE(o + 4), o);
}

/** The id of the `.docs` entry at `offset` of an open file. */
export function readDocId(fd: number, offset: number): string {
  const head = Buffer.allocUnsafe(14);
  readSync(fd, head, 0, 14, offset);
  const id = Buffer.allocUnsafe(head.readUInt16LE(12));
  readSync(fd, id, 0, id.length, offset + 14);
  return id.toString("utf8");
}

/** A removal decision for one document of a task: [ordinal u32][cluster size u32][cluster id][kept id], ids as [length u16][utf-8]. */
export interface Drop {
  ordinal: number;
  size: number;
  cluster: string;
  keptId: string;
}

export function encodeDrop(d: Drop): Buffer {
  const c = Buffer.from(d.cluster, "utf8").subarray(0, 0xffff);
  const k = Buffer.from(d.keptId, "utf8").subarray(0, 0xffff);
  const b = Buffer.allocUnsafe(12 + c.length + k.length);
  b.writeUInt32LE(d.ordinal, 0);
  b.writeUInt32LE(d.size, 4);
  b.writeUInt16LE(c.length, 8);
  c.copy(b, 10);
  b.writeUInt16LE(k.length, 10 + c.length);
  k.copy(b, 12 + c.length);
  return b;
}

export function* decodeDrops(buf: Buffer): Generator<Drop> {
  for (let o = 0; o < buf.length; ) {
    const cl = buf.readUInt16LE(o + 8);
    const kl = buf.readUInt16LE(o + 10 + cl);
    yield {
      ordinal: buf.readUInt32LE(o),
      size: buf.readUInt32LE(o + 4),
      cluster: buf.toString("utf8", o + 10, o + 10 + cl),
      keptId: buf.toString("utf8", o + 12 + cl, o + 12 + cl + kl),
    };
    o += 12 + cl + kl;
  }
}
