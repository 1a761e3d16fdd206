import { UserError } from "../core/errors.js";
import { AzureStorage } from "./azure.js";
import { HfStorage } from "./hf.js";
import { HttpStorage } from "./http.js";
import { Limiter } from "./limiter.js";
import { LocalStorage } from "./local.js";
import { S3Storage } from "./s3.js";
import type { BackendContext, Storage } from "./storage.js";
import { isUrl, schemeOf, type Scheme } from "./url.js";

export { isUrl } from "./url.js";
export type { ObjectInfo, Storage } from "./storage.js";

/** The `storage:` section of a pipeline, resolved (see config/schema.ts). */
export interface StorageSettings {
  endpoint?: string;
  region?: string;
  anonymous: boolean;
  force_path_style: boolean;
  max_concurrency: number;
  retries: number;
  retry_base_ms: number;
  retry_max_ms: number;
  part_size: number;
}

export const DEFAULT_STORAGE: StorageSettings = {
  anonymous: false,
  force_path_style: false,
  max_concurrency: 16,
  retries: 8,
  retry_base_ms: 200,
  retry_max_ms: 20_000,
  part_size: 16 << 20,
};

let settings: StorageSettings = DEFAULT_STORAGE;
let limiter = new Limiter(DEFAULT_STORAGE.max_concurrency);
const backends = new Map<string, Storage>();
const local = new LocalStorage();

/**
 * Sets the settings every later storage call uses, in this thread (the main thread when it
 * plans, each worker when it starts a task). Clients are made again only when they change.
 */
export function configureStorage(s: Partial<StorageSettings> | undefined): void {
  const next = { ...DEFAULT_STORAGE, ...s };
  if (JSON.stringify(next) === JSON.stringify(settings) && backends.size > 0) return;
  settings = next;
  limiter = new Limiter(next.max_concurrency);
  backends.clear();
}

/** The backend of a URL (or the local one for a path); an unknown scheme is a UserError naming it. */
export function storageFor(pathOrUrl: string): Storage {
  if (!isUrl(pathOrUrl)) return local;
  const scheme = schemeOf(pathOrUrl);
  const key = scheme === "https" ? "http" : scheme;
  let b = backends.get(key);
  if (!b) {
    b = make(key, {
      limiter,
      retry: { retries: settings.retries, baseDelayMs: settings.retry_base_ms, maxDelayMs: settings.retry_max_ms },
      partBytes: settings.part_size,
      endpoint: settings.endpoint,
      region: settings.region,
      anonymous: settings.anonymous,
      forcePathStyle: settings.force_path_style,
    });
    backends.set(key, b);
  }
  return b;
}

function make(scheme: Exclude<Scheme, "https">, ctx: BackendContext): Storage {
  switch (scheme) {
    case "s3":
    case "gs":
      return new S3Storage(scheme, ctx);
    case "az":
      return new AzureStorage(ctx);
    case "hf":
      return new HfStorage(ctx);
    case "http":
      return new HttpStorage(ctx);
    default:
      throw new UserError(`no storage backend for ${scheme as string}://`);
  }
}

/** The process's request limiter (for tests that check the concurrency limit). */
export function storageLimiter(): Limiter {
  return limiter;
}
