import { UserError } from "../core/errors.js";

/** Schemes with a backend; anything else with `://` is refused by name. */
export const SCHEMES = ["s3", "gs", "az", "hf", "http", "https"] as const;
export type Scheme = (typeof SCHEMES)[number];

/** Whether a configured path is a URL (`s3://…`) rather than a local path. */
export function isUrl(path: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(path);
}

export function schemeOf(url: string): Scheme {
  const scheme = url.slice(0, url.indexOf("://")).toLowerCase();
  if (!(SCHEMES as readonly string[]).includes(scheme)) {
    throw new UserError(`unknown storage scheme "${scheme}://" in ${url}: use a local path or one of ${SCHEMES.map((s) => s + "://").join(", ")}`);
  }
  return scheme as Scheme;
}

/** `s3://bucket/a/b` → bucket "bucket", key "a/b" (also gs:// and az://, whose "bucket" is a container). */
export function splitBucketUrl(url: string): { bucket: string; key: string } {
  const rest = url.slice(url.indexOf("://") + 3);
  const slash = rest.indexOf("/");
  const bucket = slash === -1 ? rest : rest.slice(0, slash);
  if (!bucket) throw new UserError(`${url}: no bucket name`);
  return { bucket, key: slash === -1 ? "" : rest.slice(slash + 1) };
}

/** Appends path segments to a URL with exactly one `/` between them. */
export function joinUrl(base: string, ...parts: string[]): string {
  let out = base;
  for (const p of parts) {
    if (!p) continue;
    out = out.endsWith("/") ? out + p.replace(/^\/+/, "") : `${out}/${p.replace(/^\/+/, "")}`;
  }
  return out;
}
