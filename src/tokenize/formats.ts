import { datatroveIndex } from "./datatrove-index.js";
import type { TokenDtype } from "./dtype.js";
import { megatronIndex } from "./megatron-index.js";
import type { TokenFormat } from "./options.js";

/**
 * Every format's data file is the same: token ids, little-endian uint16/uint32, documents
 * concatenated, each as [BOS] ids [EOS]. Formats differ in the file extension and in the
 * index written beside it from the documents' lengths in tokens.
 */
export interface TokenLayout {
  readonly dataExt: string;
  readonly index?: { readonly ext: string; build(lengths: readonly number[], dtype: TokenDtype): Uint8Array };
}

export const TOKEN_LAYOUTS: Record<TokenFormat, TokenLayout> = {
  // nanoGPT's prepare.py: `arr.tofile("train.bin")`, read back with np.memmap; no index.
  nanogpt: { dataExt: "bin" },
  megatron: { dataExt: "bin", index: { ext: "idx", build: megatronIndex } },
  datatrove: { dataExt: "ds", index: { ext: "ds.index", build: (lengths) => datatroveIndex(lengths) } },
};
