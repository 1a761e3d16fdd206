import type * as S3 from "@aws-sdk/client-s3";
import type { Readable } from "node:stream";
import { UserError } from "../core/errors.js";
import { uploadParts } from "./multipart.js";
import { resumableRead } from "./resumable-read.js";
import { StorageError, withRetry } from "./retry.js";
import type { BackendContext, ByteRange, ObjectInfo, Storage } from "./storage.js";
import { splitBucketUrl } from "./url.js";

/** Credentials found in the environment, the way the respective CLIs look for them. */
/**
 * Imported on first use: the SDK costs about 0.3 CPU-s to load, in the CLI and in every worker,
 * and most runs never touch object storage.
 */
let sdk: typeof S3;

type Auth = { kind: "keys"; accessKeyId: string; secretAccessKey: string; sessionToken?: string } | { kind: "bearer"; token: string } | { kind: "anonymous" } | { kind: "missing"; hint: string };

/**
 * S3 and S3-compatible stores (MinIO, Ceph, R2, …), and Google Cloud Storage through its
 * S3-interoperable XML API (HMAC keys or an OAuth token), with the AWS SDK v3: the maintained
 * client, whose SigV4 signing and XML handling we should not rewrite. Its own retries are off
 * (`maxAttempts: 1`): every request goes through our limiter and our backoff, so one policy
 * (and one `storage.retries` setting) holds for every backend, and a stream cut mid-body
 * resumes with a ranged GET instead of starting over.
 */
export class S3Storage implements Storage {
  private client: S3.S3Client | undefined;

  constructor(
    private readonly scheme: "s3" | "gs",
    private readonly ctx: BackendContext,
  ) {}

  private async s3(url: string): Promise<S3.S3Client> {
    if (this.client) return this.client;
    sdk ??= await import("@aws-sdk/client-s3");
    const env = process.env;
    const auth = this.scheme === "s3" ? s3Auth(this.ctx.anonymous) : gcsAuth(this.ctx.anonymous);
    if (auth.kind === "missing") throw new UserError(`no credentials for ${url}: ${auth.hint}`);
    const endpoint = this.ctx.endpoint ?? (this.scheme === "gs" ? "https://storage.googleapis.com" : env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL || undefined);
    this.client = new sdk.S3Client({
      region: this.ctx.region ?? (this.scheme === "gs" ? "auto" : env.AWS_REGION || env.AWS_DEFAULT_REGION || "us-east-1"),
      ...(endpoint ? { endpoint } : {}),
      forcePathStyle: this.ctx.forcePathStyle,
      maxAttempts: 1,
      // Not every compatible store computes the CRC32 checksums the SDK now adds by default.
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
      ...(auth.kind === "keys"
        ? { credentials: { accessKeyId: auth.accessKeyId, secretAccessKey: auth.secretAccessKey, ...(auth.sessionToken ? { sessionToken: auth.sessionToken } : {}) } }
        : {
            credentials: { accessKeyId: "", secretAccessKey: "" },
            signer: {
              sign: async (req: { headers: Record<string, string> }) => {
                if (auth.kind === "bearer") req.headers.authorization = `Bearer ${auth.token}`;
                return req;
              },
            },
          }),
    } as S3.S3ClientConfig);
    return this.client;
  }

  /** One request through the limiter and the retry policy, its errors as StorageErrors naming the URL. */
  private async call<T>(url: string, run: (client: S3.S3Client) => Promise<T>): Promise<T> {
    const client = await this.s3(url);
    return withRetry(this.ctx.retry, async () => {
      const release = await this.ctx.limiter.acquire();
      try {
        return await run(client);
      } catch (err) {
        throw toStorageError(err, url);
      } finally {
        release();
      }
    });
  }

  async *list(prefix: string): AsyncIterable<ObjectInfo> {
    const { bucket, key } = splitBucketUrl(prefix);
    let token: string | undefined;
    do {
      const page = await this.call(prefix, (c) => c.send(new sdk.ListObjectsV2Command({ Bucket: bucket, Prefix: key, ContinuationToken: token })));
      for (const o of page.Contents ?? []) {
        if (!o.Key || o.Key.endsWith("/")) continue;
        yield { url: `${this.scheme}://${bucket}/${o.Key}`, size: Number(o.Size ?? 0), mtimeMs: o.LastModified?.getTime() ?? 0, etag: o.ETag };
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  async stat(url: string): Promise<ObjectInfo | null> {
    const { bucket, key } = splitBucketUrl(url);
    try {
      const h = await this.call(url, (c) => c.send(new sdk.HeadObjectCommand({ Bucket: bucket, Key: key })));
      return { url, size: Number(h.ContentLength ?? 0), mtimeMs: h.LastModified?.getTime() ?? 0, etag: h.ETag };
    } catch (err) {
      if (err instanceof StorageError && err.status === 404) return null;
      throw err;
    }
  }

  read(url: string, range?: ByteRange): Readable {
    const { bucket, key } = splitBucketUrl(url);
    return resumableRead(url, range, this.ctx, async (r) => {
      const client = await this.s3(url);
      try {
        const res = await client.send(new sdk.GetObjectCommand({ Bucket: bucket, Key: key, ...(r.start > 0 || r.end !== undefined ? { Range: `bytes=${r.start}-${r.end === undefined ? "" : r.end - 1}` } : {}) }));
        return res.Body as Readable;
      } catch (err) {
        throw toStorageError(err, url);
      }
    });
  }

  async write(url: string, body: Buffer | AsyncIterable<Uint8Array>): Promise<void> {
    const { bucket, key } = splitBucketUrl(url);
    await uploadParts(body, this.ctx.partBytes, {
      putWhole: async (bytes) => void (await this.call(url, (c) => c.send(new sdk.PutObjectCommand({ Bucket: bucket, Key: key, Body: bytes, ContentLength: bytes.length })))),
      create: async () => {
        const r = await this.call(url, (c) => c.send(new sdk.CreateMultipartUploadCommand({ Bucket: bucket, Key: key })));
        if (!r.UploadId) throw new StorageError(`${url}: the store returned no multipart upload id`, url);
        return r.UploadId;
      },
      uploadPart: async (id, part) => {
        const r = await this.call(url, (c) => c.send(new sdk.UploadPartCommand({ Bucket: bucket, Key: key, UploadId: id, PartNumber: part.number, Body: part.bytes, ContentLength: part.bytes.length })));
        return r.ETag ?? "";
      },
      complete: async (id, parts) => void (await this.call(url, (c) => c.send(new sdk.CompleteMultipartUploadCommand({
        Bucket: bucket, Key: key, UploadId: id,
        MultipartUpload: { Parts: parts.map((p) => ({ PartNumber: p.number, ETag: p.etag })) },
      })))),
      abort: async (id) => void (await this.call(url, (c) => c.send(new sdk.AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: id })))),
    });
  }

  async remove(urls: string[]): Promise<void> {
    const byBucket = new Map<string, string[]>();
    for (const u of urls) {
      const { bucket, key } = splitBucketUrl(u);
      byBucket.set(bucket, [...(byBucket.get(bucket) ?? []), key]);
    }
    for (const [bucket, keys] of byBucket) {
      for (let i = 0; i < keys.length; i += 1000) {
        const batch = keys.slice(i, i + 1000);
        await this.call(`${this.scheme}://${bucket}/`, (c) => c.send(new sdk.DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true } })));
      }
    }
  }
}

function s3Auth(anonymous: boolean): Auth {
  const env = process.env;
  if (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) {
    return { kind: "keys", accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY, sessionToken: env.AWS_SESSION_TOKEN };
  }
  if (anonymous) return { kind: "anonymous" };
  return { kind: "missing", hint: "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary credentials), or storage.anonymous: true for a public bucket" };
}

/** GCS: HMAC keys for the XML API (GCS_ACCESS_KEY_ID/GCS_SECRET_ACCESS_KEY), or an OAuth access token. */
function gcsAuth(anonymous: boolean): Auth {
  const env = process.env;
  if (env.GCS_ACCESS_KEY_ID && env.GCS_SECRET_ACCESS_KEY) return { kind: "keys", accessKeyId: env.GCS_ACCESS_KEY_ID, secretAccessKey: env.GCS_SECRET_ACCESS_KEY };
  if (env.GOOGLE_OAUTH_ACCESS_TOKEN) return { kind: "bearer", token: env.GOOGLE_OAUTH_ACCESS_TOKEN };
  if (anonymous) return { kind: "anonymous" };
  return { kind: "missing", hint: "set GCS_ACCESS_KEY_ID and GCS_SECRET_ACCESS_KEY (HMAC keys), or GOOGLE_OAUTH_ACCESS_TOKEN (e.g. from `gcloud auth print-access-token`), or storage.anonymous: true for a public bucket" };
}

/** The SDK's service errors carry the HTTP status and the store's code; network errors pass as they are (retry.ts knows them). */
function toStorageError(err: unknown, url: string): unknown {
  const e = err as { $metadata?: { httpStatusCode?: number }; name?: string; Code?: string; message?: string };
  const status = e?.$metadata?.httpStatusCode;
  if (status === undefined) return err;
  const code = e.Code ?? e.name;
  if (status === 403) return new StorageError(`access denied to ${url} (403 ${code}): check the credentials and their permissions`, url, status, code);
  if (status === 404) return new StorageError(`not found: ${url} (404 ${code})`, url, status, code);
  return new StorageError(`${url}: ${status} ${code}${e.message && e.message !== code ? `: ${e.message}` : ""}`, url, status, code);
}
