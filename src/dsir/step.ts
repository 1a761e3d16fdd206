import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Doc } from "../core/doc.js";
import { UserError } from "../core/errors.js";
import { defineFilter } from "../core/filter.js";
import { defineBarrierStep } from "../core/step.js";
import { taskName } from "../run/task-name.js";
import { writeFileAtomic } from "../run/run-dir.js";
import { selectionKey } from "./gumbel.js";
import { ranksBefore, writeKeyFile } from "./key-file.js";
import { sharedDsirModel, type DsirModel } from "./model.js";
import { dsirSelectOptions, dsirWeightOptions } from "./options.js";
import { findCut, type Cut } from "./select.js";

const keyFile = (stepDir: string, task: number) => join(stepDir, "keys", `${taskName(task)}.keys`);
const cutFile = (stepDir: string) => join(stepDir, "select", "cut.json");

function loadModel(path: string, step: string): DsirModel {
  try {
    return sharedDsirModel(path);
  } catch (err) {
    throw new UserError(`${step}.model: ${(err as Error).message}`);
  }
}

/**
 * DSIR selection (Xie et al. 2023): every document gets the importance log-weight of the
 * model (`metadata.dsir_log_weight`), then k documents (or a fraction) are drawn without
 * replacement with probability ∝ weight, by Gumbel top-k keyed on (seed, id). Stages: each
 * task writes its documents' keys sorted; one `select` task merges them to find the k-th key;
 * the next segment keeps the documents ranked at or before it and removes the others with
 * reason `not_selected`. Memory: one task's keys, then one read buffer per task.
 */
export const dsirSelect = defineBarrierStep({
  name: "dsir",
  role: "barrier",
  summary: "DSIR importance resampling: weight documents by a target/raw hashed n-gram model and keep k (or a fraction) by Gumbel top-k. Multi-stage.",
  schema: dsirSelectOptions,
  counters: ["not_selected", "indexed", "selected"],
  stages() {
    return [{ phase: "select", tasks: 1 }];
  },
  index(cfg, ctx) {
    const model = loadModel(cfg.model, ctx.step);
    const seed = cfg.seed ?? ctx.seed;
    let keys = new Float64Array(1024);
    let n = 0;
    return {
      add(docs) {
        for (const doc of docs) {
          if (n === keys.length) {
            const grown = new Float64Array(n * 2);
            grown.set(keys);
            keys = grown;
          }
          keys[n++] = selectionKey(model.logWeight(doc.text), seed, doc.id);
        }
        ctx.count("indexed", docs.length);
      },
      finish() {
        writeKeyFile(keyFile(ctx.stepDir, ctx.task), keys.subarray(0, n));
      },
    };
  },
  async runStage(cfg, _phase, _task, ctx) {
    const paths = Array.from({ length: ctx.tasks }, (_, t) => keyFile(ctx.stepDir, t));
    const cut = findCut(paths, cfg);
    ctx.count("selected", cut.k);
    writeFileAtomic(cutFile(ctx.stepDir), JSON.stringify(cut) + "\n");
  },
  create(cfg, ctx) {
    const model = loadModel(cfg.model, ctx.step);
    const seed = cfg.seed ?? ctx.seed;
    const { last } = JSON.parse(readFileSync(cutFile(ctx.io.stepDir), "utf8")) as Cut;
    const here = { key: 0, task: ctx.task, ordinal: 0 };
    return {
      process(batch) {
        const kept: Doc[] = [];
        for (const doc of batch) {
          const logWeight = model.logWeight(doc.text);
          here.key = selectionKey(logWeight, seed, doc.id);
          const selected = last !== null && !ranksBefore(last, here);
          here.ordinal++;
          doc.metadata.dsir_log_weight = logWeight;
          if (cfg.annotate) {
            doc.metadata.dsir_selected = selected;
            kept.push(doc);
          } else if (selected) kept.push(doc);
          else ctx.reject(doc, "not_selected", { key: here.key });
        }
        return kept;
      },
    };
  },
});

/** The importance log-weight alone, as a filter: annotate, or drop below a threshold. No global pass. */
export const dsirWeight = defineFilter({
  name: "dsir_weight",
  summary: "Write the DSIR importance log-weight (metadata.dsir_log_weight); optionally drop documents below min_log_weight.",
  schema: dsirWeightOptions,
  reasons: ["low_dsir_weight"],
  create(cfg, env) {
    const model = loadModel(cfg.model, env.step);
    return function dsirWeightOf(doc, signals) {
      const w = model.logWeight(doc.text);
      doc.metadata.dsir_log_weight = w;
      if (signals) signals.log_weight = w;
      env.observe("dsir_log_weight", w);
      return cfg.min_log_weight !== undefined && w < cfg.min_log_weight ? { reason: "low_dsir_weight", value: w } : undefined;
    };
  },
});
