import type { Doc } from "../core/doc.js";
import { defineBarrierStep } from "../core/step.js";
import { readPartition } from "./partitioned-file.js";
import { runBuckets } from "./minhash/buckets-phase.js";
import { runCluster } from "./minhash/cluster-phase.js";
import { decodeDrops } from "./minhash/doc-records.js";
import { files } from "./minhash/files.js";
import { minhashIndexer } from "./minhash/index-phase.js";
import { minhashOptions, partitionsOf } from "./minhash/options.js";
import { openSavedMinhash, taskSpace } from "./minhash/task-space.js";

/**
 * Near-duplicate removal by MinHash LSH with FineWeb's settings (Penedo et al. 2024, "The
 * FineWeb Datasets"; datatrove `pipeline/dedup/minhash.py`): 5-word shingles, 14 bands × 8
 * rows of 64-bit hashes, documents linked when a band agrees and (unlike FineWeb, by default)
 * their estimated Jaccard with numbers kept confirms it (minhash/verify.ts), clusters by
 * connected components, one document kept per cluster. Stages: index (signatures → band records per
 * task), `buckets` (per partition: edges), `cluster` (components in external memory → drop
 * decisions per task),
 * then the next segment removes the drops with reason `near_duplicate` and
 * `{cluster, duplicate_of, cluster_size}` (cluster = id of its first document). A document
 * without any token (empty after normalization) is never a duplicate. With `against: <earlier
 * run>`, the earlier run's band records join each buckets partition and its documents come
 * first in every cluster and are always kept (minhash/task-space.ts): a document of this run is
 * removed when it is linked to the earlier corpus or to an earlier document of this run.
 */
export const minhashDedup = defineBarrierStep({
  name: "minhash_dedup",
  role: "barrier",
  summary: "Remove near-duplicates (MinHash LSH, FineWeb's 5-grams and 14×8 bands), keeping one document per cluster. Multi-stage.",
  schema: minhashOptions,
  counters: ["near_duplicate", "indexed", "no_tokens", "candidate_pairs", "unverified", "edges", "clusters", "duplicates", "cluster_rounds"],
  stages(cfg, plan) {
    openSavedMinhash(cfg); // a bad `against` fails when the run is planned
    return [
      { phase: "buckets", tasks: partitionsOf(cfg, plan.inputBytes) },
      { phase: "cluster", tasks: 1 },
    ];
  },
  index: minhashIndexer,
  async runStage(cfg, phase, task, ctx) {
    const space = taskSpace(cfg, ctx);
    if (phase === "buckets") await runBuckets(cfg, task, ctx, space);
    else await runCluster(partitionsOf(cfg, ctx.inputBytes), cfg.cluster_memory_mb * 1e6, ctx, space);
  },
  create(_cfg, ctx) {
    const drops = new Map<number, { cluster: string; duplicate_of: string; cluster_size: number }>();
    for (const d of decodeDrops(readPartition(files.drops(ctx.io.stepDir), ctx.task))) {
      drops.set(d.ordinal, { cluster: d.cluster, duplicate_of: d.keptId, cluster_size: d.size });
    }
    let ordinal = 0;
    return {
      process(batch) {
        const kept: Doc[] = [];
        for (const doc of batch) {
          const drop = drops.get(ordinal++);
          if (drop === undefined) kept.push(doc);
          else ctx.reject(doc, "near_duplicate", drop);
        }
        return kept;
      },
    };
  },
});
