import { closeSync, openSync, readSync } from "node:fs";
import { TempFile } from "../tokenize/temp-file.js";

const HEAD = 12;
const CHUNK = 1 << 20;

/**
 * The per-document token counts of one source file, in reading order: for each document
 * uint32 tokens, uint32 text bytes, uint32 id length, then the id in UTF-8 (little-endian).
 * Streamed in both directions, so memory does not grow with the file.
 */
export class CountRecordWriter {
  private readonly file: TempFile;
  private readonly head = Buffer.alloc(HEAD);

  constructor(path: string) {
    this.file = new TempFile(path);
  }

  add(id: string, tokens: number, bytes: number): void {
    const idBytes = Buffer.from(id, "utf8");
    this.head.writeUInt32LE(tokens, 0);
    this.head.writeUInt32LE(bytes, 4);
    this.head.writeUInt32LE(idBytes.length, 8);
    this.file.write(this.head);
    this.file.write(idBytes);
  }

  complete(): void {
    this.file.complete();
  }

  abort(): void {
    this.file.abort();
  }
}

export interface CountRecord {
  id: string;
  tokens: number;
  bytes: number;
}

/** The records of a count file, in order. The yielded object is reused: copy what you keep. */
export function* readCountRecords(path: string): Generator<CountRecord> {
  const fd = openSync(path, "r");
  const rec: CountRecord = { id: "", tokens: 0, bytes: 0 };
  try {
    let buf = Buffer.allocUnsafe(CHUNK);
    let have = 0;
    let pos = 0;
    for (;;) {
      if (have - pos < HEAD || have - pos < HEAD + buf.readUInt32LE(pos + 8)) {
        // Move the partial record to the front and read more (growing for a huge id).
        buf.copy(buf, 0, pos, have);
        have -= pos;
        pos = 0;
        if (have >= HEAD && HEAD + buf.readUInt32LE(8) > buf.length) {
          const grown = Buffer.allocUnsafe(HEAD + buf.readUInt32LE(8));
          buf.copy(grown, 0, 0, have);
          buf = grown;
        }
        const n = readSync(fd, buf, have, buf.length - have, null);
        if (n === 0) {
          if (have !== 0) throw new Error(`${path}: truncated count file`);
          return;
        }
        have += n;
        continue;
      }
      const idLen = buf.readUInt32LE(pos + 8);
      rec.tokens = buf.readUInt32LE(pos);
      rec.bytes = buf.readUInt32LE(pos + 4);
      rec.id = buf.toString("utf8", pos + HEAD, pos + HEAD + idLen);
      pos += HEAD + idLen;
      yield rec;
    }
  } finally {
    closeSync(fd);
  }
}
