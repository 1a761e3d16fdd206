import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import { UserError } from "../core/errors.js";
import { storageFor } from "../storage/index.js";
import { isUrl, joinUrl } from "../storage/url.js";

/** How a listing is read: `input.listing` resolved. */
export interface ListingOptions {
  base_url: string;
  first?: number;
  shards: number;
  shard: number;
}

export const DEFAULT_LISTING: ListingOptions = { base_url: "https://data.commoncrawl.org/", shards: 1, shard: 0 };

/** `warc.paths.gz`, `wet.paths.gz`, `cc-index.paths`, …: a file of input paths, one per line. */
export function isListing(path: string): boolean {
  return /\.paths(\.gz)?$/i.test(path);
}

/**
 * The URLs a listing names, in its order: each line is a path relative to `base_url` (Common
 * Crawl's form, `crawl-data/CC-MAIN-…/warc/….warc.gz`) or a full URL; blank lines are skipped.
 * `first` takes the head of the file, then `shards`/`shard` keep every shards-th line, so that
 * N machines can each take a part of one crawl with the same config.
 */
export async function readListing(location: string, opts: ListingOptions, where: string): Promise<string[]> {
  let raw: Readable;
  raw = isUrl(location) ? storageFor(location).read(location) : createReadStream(location);
  const text = /\.gz$/i.test(location) ? raw.pipe(createGunzip()) : raw;
  raw.on("error", (err) => text.destroy(err));
  const urls: string[] = [];
  let line = 0;
  try {
    for await (const l of createInterface({ input: text, crlfDelay: Infinity })) {
      const path = l.trim();
      if (!path) continue;
      if (opts.first !== undefined && line >= opts.first) break;
      if (line++ % opts.shards !== opts.shard) continue;
      urls.push(isUrl(path) ? path : joinUrl(opts.base_url, path));
    }
  } catch (err) {
    if (err instanceof UserError) throw err;
    throw new UserError(`${where}: cannot read the listing ${location}: ${(err as Error).message}`);
  } finally {
    text.destroy();
  }
  if (urls.length === 0) throw new UserError(`${where}: the listing ${location} names no input (after first/shard selection)`);
  return urls;
}
