import type { Readable } from "node:stream";
import { UserError } from "../core/errors.js";
import { fetchChecked, rangedBody } from "./fetch-object.js";
import { resumableRead } from "./resumable-read.js";
import { StorageError } from "./retry.js";
import type { BackendContext, ByteRange, ObjectInfo, Storage } from "./storage.js";

/**
 * Plain http(s) URLs, read-only, with Node's built-in fetch (no dependency): stat by HEAD,
 * ranged and resumable GETs. A web server cannot be listed, so inputs name files, or a
 * Common Crawl `*.paths.gz` listing names them.
 */
export class HttpStorage implements Storage {
  constructor(private readonly ctx: BackendContext) {}

  // eslint-disable-next-line require-yield
  async *list(prefix: string): AsyncIterable<ObjectInfo> {
    throw new UserError(`${prefix}: http(s) URLs cannot be listed or globbed; name each file, or give a listing file (*.paths.gz)`);
  }

  async stat(url: string): Promise<ObjectInfo | null> {
    const res = await fetchChecked(this.ctx, url, { method: "HEAD" }, url, [404]);
    return res.status === 404 ? null : infoOf(url, res);
  }

  read(url: string, range?: ByteRange): Readable {
    return resumableRead(url, range, this.ctx, (r) => rangedBody(url, url, r, {}));
  }

  async write(url: string): Promise<void> {
    throw new UserError(`${url}: http(s) URLs are read-only; write to a local path or to s3://, gs:// or az://`);
  }

  async remove(urls: string[]): Promise<void> {
    if (urls.length) throw new StorageError(`${urls[0]}: http(s) URLs are read-only`, urls[0]);
  }
}

export function infoOf(url: string, res: Response): ObjectInfo {
  const modified = res.headers.get("last-modified");
  return {
    url,
    size: Number(res.headers.get("x-linked-size") ?? res.headers.get("content-length") ?? 0),
    mtimeMs: modified ? Date.parse(modified) || 0 : 0,
    etag: res.headers.get("x-linked-etag") ?? res.headers.get("etag") ?? undefined,
  };
}
