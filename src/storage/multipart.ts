/** A part's bytes and its 1-based number. */
export interface Part {
  number: number;
  bytes: Buffer;
}

/** Parts uploaded at once by one upload: memory is this many part buffers. */
export const PARTS_IN_FLIGHT = 4;

/**
 * Cuts a stream into parts of exactly `partBytes` (the last one shorter), copying each chunk
 * once. Stores require equal-sized parts except the last (S3: at least 5 MiB each).
 */
export async function* partsOf(body: Buffer | AsyncIterable<Uint8Array>, partBytes: number): AsyncGenerator<Part> {
  let number = 1;
  if (Buffer.isBuffer(body)) {
    for (let at = 0; at < body.length || number === 1; at += partBytes) yield { number: number++, bytes: body.subarray(at, at + partBytes) };
    return;
  }
  let buf = Buffer.allocUnsafe(partBytes);
  let fill = 0;
  for await (const chunk of body) {
    for (let at = 0; at < chunk.length; ) {
      const n = Math.min(partBytes - fill, chunk.length - at);
      buf.set(chunk.subarray(at, at + n), fill);
      fill += n;
      at += n;
      if (fill === partBytes) {
        yield { number: number++, bytes: buf };
        buf = Buffer.allocUnsafe(partBytes);
        fill = 0;
      }
    }
  }
  if (fill > 0 || number === 1) yield { number, bytes: buf.subarray(0, fill) };
}

/**
 * Uploads a stream as one object: a single PUT when it fits in one part, else a multipart
 * upload with up to PARTS_IN_FLIGHT parts at once, aborted when anything fails so the store
 * keeps no orphan parts. The object appears whole at completion or not at all.
 */
export async function uploadParts<Id>(
  body: Buffer | AsyncIterable<Uint8Array>,
  partBytes: number,
  api: {
    putWhole(bytes: Buffer): Promise<void>;
    create(): Promise<Id>;
    uploadPart(id: Id, part: Part): Promise<string>;
    complete(id: Id, etags: { number: number; etag: string }[]): Promise<void>;
    abort(id: Id): Promise<void>;
  },
): Promise<void> {
  const parts = partsOf(body, partBytes);
  const first = await parts.next();
  if (first.done) return api.putWhole(Buffer.alloc(0));
  const second = await parts.next();
  if (second.done) return api.putWhole(first.value.bytes);
  const id = await api.create();
  const etags: { number: number; etag: string }[] = [];
  const inFlight = new Set<Promise<void>>();
  let failure: unknown;
  const start = (part: Part) => {
    const p: Promise<void> = api.uploadPart(id, part).then(
      (etag) => void etags.push({ number: part.number, etag }),
      (err) => void (failure ??= err),
    ).finally(() => inFlight.delete(p));
    inFlight.add(p);
  };
  try {
    start(first.value);
    start(second.value);
    for await (const part of parts) {
      if (failure) break;
      if (inFlight.size >= PARTS_IN_FLIGHT) await Promise.race(inFlight);
      start(part);
    }
    await Promise.all(inFlight);
    if (failure) throw failure;
    etags.sort((a, b) => a.number - b.number);
    await api.complete(id, etags);
  } catch (err) {
    await Promise.all(inFlight);
    await api.abort(id).catch(() => undefined);
    throw err;
  }
}
