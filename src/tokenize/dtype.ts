import type { TokenRun } from "./token-list.js";

export type TokenDtype = "uint16" | "uint32";

export const DTYPE_BYTES: Record<TokenDtype, number> = { uint16: 2, uint32: 4 };

/** `auto` → uint16 when the largest id fits (GPT-2's 50257 ids), else uint32 (cl100k, o200k). */
export function resolveDtype(requested: "auto" | TokenDtype, maxId: number): TokenDtype {
  if (requested === "auto") return maxId <= 0xffff ? "uint16" : "uint32";
  if (requested === "uint16" && maxId > 0xffff) throw new Error(`dtype uint16 cannot hold token id ${maxId}; use uint32 or auto`);
  return requested;
}

/**
 * Little-endian bytes of the ids, into `into` (grown when short). DataView fixes the byte
 * order whatever the host's, as every reader of these formats expects little-endian.
 */
export function packTokens(ids: TokenRun, dtype: TokenDtype, into: Uint8Array): Uint8Array {
  const size = ids.length * DTYPE_BYTES[dtype];
  const buf = into.length >= size ? into : new Uint8Array(Math.max(size, into.length * 2));
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const src = ids.ids;
  if (dtype === "uint16") for (let i = 0; i < ids.length; i++) view.setUint16(i * 2, src[i], true);
  else for (let i = 0; i < ids.length; i++) view.setUint32(i * 4, src[i], true);
  return buf;
}
