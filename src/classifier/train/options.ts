import { UserError } from "../../core/errors.js";

export type TrainLoss = "softmax" | "ova" | "hs";

/**
 * Hyperparameters of `winnow train classifier`, named and defaulted as fastText 0.9.2's
 * `supervised` command (src/args.cc: `-lr 0.1 -dim 100 -epoch 5 -minCount 1 -wordNgrams 1
 * -loss softmax -bucket 2000000 -minn 0 -maxn 0 -lrUpdateRate 100`), so the same flags mean
 * the same model. As in fastText, `bucket` becomes 0 when there are neither word n-grams nor
 * char n-grams (no hashed rows are needed).
 */
export interface TrainOptions {
  lr: number;
  dim: number;
  epoch: number;
  minCount: number;
  minCountLabel: number;
  wordNgrams: number;
  loss: TrainLoss;
  bucket: number;
  minn: number;
  maxn: number;
  lrUpdateRate: number;
  seed: number;
}

export const TRAIN_DEFAULTS: Readonly<TrainOptions> = {
  lr: 0.1,
  dim: 100,
  epoch: 5,
  minCount: 1,
  minCountLabel: 0,
  wordNgrams: 1,
  loss: "softmax",
  bucket: 2_000_000,
  minn: 0,
  maxn: 0,
  lrUpdateRate: 100,
  seed: 0,
};

/** Defaults filled in, ranges checked (naming the option), `bucket` zeroed when unused. */
export function resolveTrainOptions(given: Partial<TrainOptions>): TrainOptions {
  const o: TrainOptions = { ...TRAIN_DEFAULTS };
  for (const [k, v] of Object.entries(given)) if (v !== undefined) (o as unknown as Record<string, unknown>)[k] = v;
  const int = (name: keyof TrainOptions, min: number) => {
    const v = o[name] as number;
    if (!Number.isInteger(v) || v < min) throw new UserError(`${name}: expected an integer ≥ ${min}, got ${v}`);
  };
  int("dim", 1);
  int("epoch", 1);
  int("minCount", 1);
  int("minCountLabel", 0);
  int("wordNgrams", 1);
  int("bucket", 0);
  int("minn", 0);
  int("maxn", 0);
  int("lrUpdateRate", 1);
  int("seed", 0);
  if (!(o.lr > 0 && Number.isFinite(o.lr))) throw new UserError(`lr: expected a positive number, got ${o.lr}`);
  if (!["softmax", "ova", "hs"].includes(o.loss)) throw new UserError(`loss: expected softmax, ova or hs, got ${o.loss}`);
  if (o.maxn > 0 && o.minn > o.maxn) throw new UserError(`minn (${o.minn}) must not exceed maxn (${o.maxn})`);
  if (o.bucket > 2 ** 31 - 1) throw new UserError(`bucket: at most 2147483647, got ${o.bucket}`);
  if (o.wordNgrams <= 1 && o.maxn === 0) o.bucket = 0;
  else if (o.bucket === 0) throw new UserError("bucket: must be ≥ 1 with word n-grams (wordNgrams > 1) or char n-grams (maxn > 0)");
  return o;
}
