import { createReadStream } from "node:fs";
import { mkdir, readdir, rename, rm, stat, writeFile } from "node:fs/promises";
import { createWriteStream } from "node:fs";
import { dirname, join } from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ByteRange, ObjectInfo, Storage } from "./storage.js";

/**
 * Local files behind the Storage interface, for code that handles any destination the same way
 * (publishing a run's files). Readers do not come here: they read local paths directly.
 * Writes go to a temporary name and are renamed, so a file is never seen half-written.
 */
export class LocalStorage implements Storage {
  async *list(prefix: string): AsyncIterable<ObjectInfo> {
    const dir = prefix.endsWith("/") ? prefix.slice(0, -1) : dirname(prefix);
    let entries;
    try {
      entries = await readdir(dir, { recursive: true, withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (!e.isFile()) continue;
      const path = join(e.parentPath, e.name);
      if (!path.startsWith(prefix)) continue;
      const st = await stat(path);
      yield { url: path, size: st.size, mtimeMs: Math.floor(st.mtimeMs) };
    }
  }

  async stat(path: string): Promise<ObjectInfo | null> {
    try {
      const st = await stat(path);
      return st.isFile() ? { url: path, size: st.size, mtimeMs: Math.floor(st.mtimeMs) } : null;
    } catch {
      return null;
    }
  }

  read(path: string, range?: ByteRange): Readable {
    return createReadStream(path, { highWaterMark: 1 << 20, start: range?.start ?? 0, ...(range?.end !== undefined ? { end: range.end - 1 } : {}) });
  }

  async write(path: string, body: Buffer | AsyncIterable<Uint8Array>): Promise<void> {
    await mkdir(dirname(path), { recursive: true });
    const tmp = path + ".tmp";
    if (Buffer.isBuffer(body)) await writeFile(tmp, body);
    else await pipeline(body, createWriteStream(tmp));
    await rename(tmp, path);
  }

  async remove(paths: string[]): Promise<void> {
    for (const p of paths) await rm(p, { force: true });
  }
}
