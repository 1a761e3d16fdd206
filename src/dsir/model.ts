import { readFileSync } from "node:fs";
import { UserError } from "../core/errors.js";
import { writeFileAtomic } from "../run/run-dir.js";
import { DSIR_BUCKETS, forEachNgramBucket } from "./ngram-hash.js";

/** Counts of hashed n-grams over a corpus: one side (target or raw) of a DSIR model. */
export class BucketCounts {
  readonly counts: Float64Array;
  docs = 0;
  ngrams = 0;
  bytes = 0;

  constructor(readonly buckets: number = DSIR_BUCKETS) {
    this.counts = new Float64Array(buckets);
  }

  /** Created once, so that counting a document allocates nothing. */
  private readonly visit = (b: number) => {
    this.counts[b]++;
    this.ngrams++;
  };

  add(text: string): void {
    forEachNgramBucket(text, this.buckets, this.visit);
    this.docs++;
    this.bytes += Buffer.byteLength(text);
  }

  /** log p(b) of the add-one-smoothed categorical distribution over buckets. */
  logProbs(): Float64Array {
    const out = new Float64Array(this.buckets);
    const total = Math.log(this.ngrams + this.buckets);
    for (let b = 0; b < this.buckets; b++) out[b] = Math.log(this.counts[b] + 1) - total;
    return out;
  }

  toJSON() {
    return { docs: this.docs, ngrams: this.ngrams, bytes: this.bytes, counts: Array.from(this.counts) };
  }
}

const FORMAT = "winnow-dsir";
const VERSION = 1;

/**
 * A fitted DSIR model: target and raw bucket counts. A document's importance log-weight is
 * Σ_b count_b · (log p_target(b) − log p_raw(b)), i.e. the sum of `logRatio` over its n-grams.
 */
export class DsirModel {
  /** log p_target(b) − log p_raw(b), per bucket. */
  readonly logRatio: Float64Array;

  constructor(
    readonly target: BucketCounts,
    readonly raw: BucketCounts,
  ) {
    if (target.buckets !== raw.buckets) throw new Error("target and raw models have different bucket counts");
    const t = target.logProbs();
    const r = raw.logProbs();
    this.logRatio = new Float64Array(target.buckets);
    for (let b = 0; b < target.buckets; b++) this.logRatio[b] = t[b] - r[b];
  }

  get buckets(): number {
    return this.target.buckets;
  }

  private sum = 0;
  /** Created once, so that weighting a document allocates nothing. */
  private readonly visit = (b: number) => {
    this.sum += this.logRatio[b];
  };

  logWeight(text: string): number {
    this.sum = 0;
    forEachNgramBucket(text, this.buckets, this.visit);
    return this.sum;
  }

  save(path: string): void {
    const body = {
      format: FORMAT,
      version: VERSION,
      features: "lowercased WordPunct unigrams + bigrams, FNV-1a 32 over UTF-16 units, fmix32 % buckets",
      buckets: this.buckets,
      smoothing: "add-one",
      target: this.target.toJSON(),
      raw: this.raw.toJSON(),
    };
    writeFileAtomic(path, JSON.stringify(body) + "\n");
  }

  static load(path: string): DsirModel {
    let body: Record<string, any>;
    try {
      body = JSON.parse(readFileSync(path, "utf8"));
    } catch (err) {
      throw new UserError(`${path}: cannot read DSIR model (${(err as Error).message})`);
    }
    if (body?.format !== FORMAT || body.version !== VERSION) {
      throw new UserError(`${path}: not a DSIR model of this version (expected format "${FORMAT}" version ${VERSION}; write one with \`winnow dsir fit\`)`);
    }
    const side = (name: "target" | "raw") => {
      const s = body[name];
      const b = body.buckets;
      if (!Number.isInteger(b) || b < 1 || !Array.isArray(s?.counts) || s.counts.length !== b) {
        throw new UserError(`${path}: ${name}.counts must be an array of ${b} counts`);
      }
      const c = new BucketCounts(b);
      c.counts.set(s.counts);
      c.docs = s.docs;
      c.ngrams = s.ngrams;
      c.bytes = s.bytes;
      return c;
    };
    return new DsirModel(side("target"), side("raw"));
  }
}

/** One load per model file and worker thread. */
const loaded = new Map<string, DsirModel>();

export function sharedDsirModel(path: string): DsirModel {
  let m = loaded.get(path);
  if (!m) {
    m = DsirModel.load(path);
    loaded.set(path, m);
  }
  return m;
}
