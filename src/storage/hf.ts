import type { Readable } from "node:stream";
import { UserError } from "../core/errors.js";
import { fetchChecked, rangedBody } from "./fetch-object.js";
import { infoOf } from "./http.js";
import { resumableRead } from "./resumable-read.js";
import type { BackendContext, ByteRange, ObjectInfo, Storage } from "./storage.js";

interface HfPath {
  repo: string;
  revision: string;
  path: string;
}

/**
 * Hugging Face dataset repositories, read-only: `hf://datasets/<org>/<name>[@<revision>]/<path>`
 * (the form huggingface_hub's HfFileSystem uses). Plain fetch against the Hub's HTTP API — the
 * `resolve` endpoint for ranged reads (it redirects large files to the CDN; fetch drops the
 * token on that cross-origin hop) and the `tree` endpoint for listing — because the official JS
 * client brings nothing these three calls need. Token from HF_TOKEN, endpoint from HF_ENDPOINT.
 */
export class HfStorage implements Storage {
  constructor(private readonly ctx: BackendContext) {}

  private get endpoint(): string {
    return (this.ctx.endpoint ?? process.env.HF_ENDPOINT ?? "https://huggingface.co").replace(/\/+$/, "");
  }

  private headers(): Record<string, string> {
    const token = process.env.HF_TOKEN ?? process.env.HUGGING_FACE_HUB_TOKEN;
    return token ? { authorization: `Bearer ${token}` } : {};
  }

  private resolveUrl(p: HfPath): string {
    return `${this.endpoint}/datasets/${p.repo}/resolve/${encodeURIComponent(p.revision)}/${p.path.split("/").map(encodeURIComponent).join("/")}`;
  }

  async *list(prefix: string): AsyncIterable<ObjectInfo> {
    const p = parseHf(prefix);
    const dir = p.path.includes("/") ? p.path.slice(0, p.path.lastIndexOf("/")) : "";
    let next: string | undefined = `${this.endpoint}/api/datasets/${p.repo}/tree/${encodeURIComponent(p.revision)}${dir ? "/" + dir.split("/").map(encodeURIComponent).join("/") : ""}?recursive=true`;
    while (next) {
      const res = await fetchChecked(this.ctx, next, { headers: this.headers() }, prefix);
      const entries = (await res.json()) as { type: string; path: string; size?: number; lfs?: { size?: number } }[];
      for (const e of entries) {
        if (e.type !== "file" || !e.path.startsWith(p.path)) continue;
        yield { url: `hf://datasets/${p.repo}${p.revision === "main" ? "" : "@" + p.revision}/${e.path}`, size: e.lfs?.size ?? e.size ?? 0, mtimeMs: 0 };
      }
      next = /<([^>]+)>;\s*rel="next"/.exec(res.headers.get("link") ?? "")?.[1];
    }
  }

  async stat(url: string): Promise<ObjectInfo | null> {
    const res = await fetchChecked(this.ctx, this.resolveUrl(parseHf(url)), { method: "HEAD", headers: this.headers() }, url, [404]);
    return res.status === 404 ? null : infoOf(url, res);
  }

  read(url: string, range?: ByteRange): Readable {
    const target = this.resolveUrl(parseHf(url));
    return resumableRead(url, range, this.ctx, (r) => rangedBody(target, url, r, this.headers()));
  }

  async write(url: string): Promise<void> {
    throw new UserError(`${url}: hf:// is read-only in winnow; write to a local path or object storage and upload with huggingface-cli`);
  }

  async remove(urls: string[]): Promise<void> {
    if (urls.length) throw new UserError(`${urls[0]}: hf:// is read-only in winnow`);
  }
}

export function parseHf(url: string): HfPath {
  const m = /^hf:\/\/datasets\/([^/@]+\/[^/@]+)(?:@([^/]+))?(?:\/(.*))?$/.exec(url);
  if (!m) throw new UserError(`${url}: expected hf://datasets/<org>/<name>[@<revision>]/<path>`);
  return { repo: m[1], revision: m[2] ? decodeURIComponent(m[2]) : "main", path: m[3] ?? "" };
}
