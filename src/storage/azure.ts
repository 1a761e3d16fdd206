import { createHmac } from "node:crypto";
import type { Readable } from "node:stream";
import { UserError } from "../core/errors.js";
import { fetchChecked, rangedBody } from "./fetch-object.js";
import { infoOf } from "./http.js";
import { uploadParts } from "./multipart.js";
import { resumableRead } from "./resumable-read.js";
import type { BackendContext, ByteRange, ObjectInfo, Storage } from "./storage.js";
import { splitBucketUrl } from "./url.js";

const API_VERSION = "2021-08-06";

type AzureAuth = { kind: "key"; account: string; key: Buffer } | { kind: "sas"; token: string } | { kind: "anonymous" };

/**
 * Azure Blob Storage, `az://<container>/<path>`, with fetch and our own Shared Key signing (one
 * HMAC over a canonical string): the official SDK is a large dependency tree for the six REST
 * calls used here (list, HEAD, ranged GET, Put Blob, Put Block + Put Block List, Delete).
 * Account and credentials from the variables the az CLI reads: AZURE_STORAGE_CONNECTION_STRING,
 * or AZURE_STORAGE_ACCOUNT with AZURE_STORAGE_KEY or AZURE_STORAGE_SAS_TOKEN.
 */
export class AzureStorage implements Storage {
  private resolved: { endpoint: string; auth: AzureAuth } | undefined;

  constructor(private readonly ctx: BackendContext) {}

  private account(url: string): { endpoint: string; auth: AzureAuth } {
    if (this.resolved) return this.resolved;
    const env = process.env;
    const conn = Object.fromEntries((env.AZURE_STORAGE_CONNECTION_STRING ?? "").split(";").filter(Boolean).map((kv) => {
      const i = kv.indexOf("=");
      return [kv.slice(0, i), kv.slice(i + 1)];
    }));
    const account = conn.AccountName ?? env.AZURE_STORAGE_ACCOUNT;
    const endpoint = (this.ctx.endpoint ?? conn.BlobEndpoint ?? (account ? `https://${account}.blob.core.windows.net` : "")).replace(/\/+$/, "");
    if (!endpoint) throw new UserError(`no Azure account for ${url}: set AZURE_STORAGE_ACCOUNT (or AZURE_STORAGE_CONNECTION_STRING, or storage.endpoint)`);
    const key = conn.AccountKey ?? env.AZURE_STORAGE_KEY;
    const sas = conn.SharedAccessSignature ?? env.AZURE_STORAGE_SAS_TOKEN;
    let auth: AzureAuth;
    if (key && account) auth = { kind: "key", account, key: Buffer.from(key, "base64") };
    else if (sas) auth = { kind: "sas", token: sas.replace(/^\?/, "") };
    else if (this.ctx.anonymous) auth = { kind: "anonymous" };
    else throw new UserError(`no credentials for ${url}: set AZURE_STORAGE_KEY or AZURE_STORAGE_SAS_TOKEN (with AZURE_STORAGE_ACCOUNT), or AZURE_STORAGE_CONNECTION_STRING, or storage.anonymous: true for a public container`);
    return (this.resolved = { endpoint, auth });
  }

  /** The request URL and headers of one call, signed. */
  private request(url: string, method: string, query: Record<string, string>, headers: Record<string, string> = {}, contentLength = 0): { target: string; headers: Record<string, string> } {
    const { endpoint, auth } = this.account(url);
    const { bucket, key } = splitBucketUrl(url);
    const path = `/${bucket}${key ? "/" + key.split("/").map(encodeURIComponent).join("/") : ""}`;
    const q = new URLSearchParams(query).toString();
    const all: Record<string, string> = { "x-ms-version": API_VERSION, "x-ms-date": new Date().toUTCString(), ...headers };
    let target = `${endpoint}${path}${q ? "?" + q : ""}`;
    if (auth.kind === "sas") target += (q ? "&" : "?") + auth.token;
    if (auth.kind === "key") all.authorization = `SharedKey ${auth.account}:${sharedKeySignature(auth, method, new URL(endpoint).pathname.replace(/\/$/, "") + path, query, all, contentLength)}`;
    return { target, headers: all };
  }

  async *list(prefix: string): AsyncIterable<ObjectInfo> {
    const { bucket, key } = splitBucketUrl(prefix);
    let marker = "";
    do {
      const { target, headers } = this.request(`az://${bucket}`, "GET", { restype: "container", comp: "list", prefix: key, ...(marker ? { marker } : {}) });
      const xml = await (await fetchChecked(this.ctx, target, { headers }, prefix)).text();
      for (const blob of xml.matchAll(/<Blob>([\s\S]*?)<\/Blob>/g)) {
        const name = xmlText(blob[1], "Name");
        if (!name) continue;
        const modified = xmlText(blob[1], "Last-Modified");
        yield { url: `az://${bucket}/${name}`, size: Number(xmlText(blob[1], "Content-Length") ?? 0), mtimeMs: modified ? Date.parse(modified) : 0, etag: xmlText(blob[1], "Etag") };
      }
      marker = xmlText(xml.replace(/<Blobs>[\s\S]*<\/Blobs>/, ""), "NextMarker") ?? "";
    } while (marker);
  }

  async stat(url: string): Promise<ObjectInfo | null> {
    const { target, headers } = this.request(url, "HEAD", {});
    const res = await fetchChecked(this.ctx, target, { method: "HEAD", headers }, url, [404]);
    return res.status === 404 ? null : infoOf(url, res);
  }

  read(url: string, range?: ByteRange): Readable {
    return resumableRead(url, range, this.ctx, (r) => {
      const ranged: Record<string, string> = r.start > 0 || r.end !== undefined ? { "x-ms-range": `bytes=${r.start}-${r.end === undefined ? "" : r.end - 1}` } : {};
      const { target, headers } = this.request(url, "GET", {}, ranged);
      return rangedBody(target, url, { start: 0 }, headers);
    });
  }

  async write(url: string, body: Buffer | AsyncIterable<Uint8Array>): Promise<void> {
    const put = async (query: Record<string, string>, bytes: Buffer, extra: Record<string, string> = {}) => {
      const { target, headers } = this.request(url, "PUT", query, { "content-length": String(bytes.length), ...extra }, bytes.length);
      return fetchChecked(this.ctx, target, { method: "PUT", headers, body: bytes }, url);
    };
    // Block ids must all have the same length: the part number, zero-padded, in base64.
    const blockId = (n: number) => Buffer.from(String(n).padStart(6, "0")).toString("base64");
    await uploadParts(body, this.ctx.partBytes, {
      putWhole: async (bytes) => void (await put({}, bytes, { "x-ms-blob-type": "BlockBlob" })),
      create: async () => url,
      uploadPart: async (_id, part) => {
        await put({ comp: "block", blockid: blockId(part.number) }, part.bytes);
        return blockId(part.number);
      },
      complete: async (_id, parts) => {
        const xml = `<?xml version="1.0" encoding="utf-8"?><BlockList>${parts.map((p) => `<Latest>${p.etag}</Latest>`).join("")}</BlockList>`;
        await put({ comp: "blocklist" }, Buffer.from(xml), { "content-type": "application/xml" });
      },
      // Uncommitted blocks are discarded by the service (after a week) when no list commits them.
      abort: async () => undefined,
    });
  }

  async remove(urls: string[]): Promise<void> {
    for (const url of urls) {
      const { target, headers } = this.request(url, "DELETE", {});
      await fetchChecked(this.ctx, target, { method: "DELETE", headers }, url, [404]);
    }
  }
}

/** Shared Key authorization for the Blob service (the string-to-sign of versions 2015-02-21 and later). */
function sharedKeySignature(auth: { account: string; key: Buffer }, method: string, path: string, query: Record<string, string>, headers: Record<string, string>, contentLength: number): string {
  const h = (name: string) => headers[name] ?? "";
  const msHeaders = Object.keys(headers).filter((k) => k.startsWith("x-ms-")).sort().map((k) => `${k}:${headers[k].trim()}\n`).join("");
  const params = Object.keys(query).sort().map((k) => `\n${k.toLowerCase()}:${query[k]}`).join("");
  const toSign = [
    method, h("content-encoding"), h("content-language"), contentLength > 0 ? String(contentLength) : "", h("content-md5"), h("content-type"),
    "", h("if-modified-since"), h("if-match"), h("if-none-match"), h("if-unmodified-since"), h("range"),
  ].join("\n") + "\n" + msHeaders + `/${auth.account}${path}` + params;
  return createHmac("sha256", auth.key).update(toSign, "utf8").digest("base64");
}

function xmlText(xml: string, tag: string): string | undefined {
  const m = new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(xml);
  return m ? m[1].replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, "&") : undefined;
}
