import type { BinaryReader } from "./binary-reader.js";

/** fastText's `loss_name` enum values (src/args.h, v0.9.2). */
export type LossName = "hs" | "ns" | "softmax" | "ova";
const LOSSES: Record<number, LossName> = { 1: "hs", 2: "ns", 3: "softmax", 4: "ova" };
/** `model_name::sup` (src/args.h): only supervised models predict labels. */
const MODEL_SUPERVISED = 3;

/** The training arguments stored in a model file, as far as prediction uses them. */
export interface ModelArgs {
  dim: number;
  wordNgrams: number;
  loss: LossName;
  bucket: number;
  minn: number;
  maxn: number;
}

/**
 * Reads the header and `Args::save` block (src/fasttext.cc `checkModel`, src/args.cc `save`):
 * magic, version, then dim, ws, epoch, minCount, neg, wordNgrams, loss, model, bucket, minn,
 * maxn, lrUpdateRate as int32 and t as double.
 */
export function readArgs(r: BinaryReader): ModelArgs {
  if (r.int32() !== 793712314) r.fail("bad magic number");
  const version = r.int32();
  if (version !== 11 && version !== 12) r.fail(`unsupported format version ${version}`);
  const [dim, , , , , wordNgrams, lossId, model, bucket, minn, maxnStored] = Array.from({ length: 12 }, () => r.int32());
  r.float64();
  const loss = LOSSES[lossId];
  if (!loss) r.fail(`unknown loss ${lossId}`);
  if (model !== MODEL_SUPERVISED) r.fail("not a supervised model (only supervised models predict labels)");
  // Version 11 supervised models predate subwords: fastText forces maxn = 0 when loading them.
  const maxn = version === 11 ? 0 : maxnStored;
  return { dim, wordNgrams, loss, bucket, minn, maxn };
}
