import { z } from "zod";
import type { Doc } from "./doc.js";
import { defineStep, type StepDef } from "./step.js";

/** Keep (`undefined`), or drop with a declared reason and optionally the value that decided it. */
export type Verdict<R extends string> = undefined | R | { reason: R; value?: unknown };

/**
 * Tests one document. In annotate mode `signals` is an object the filter fills with what it
 * measured (word counts, ratios…); it is stored under `metadata[<step>]` and the document is kept.
 */
export type FilterFn<R extends string> = (doc: Doc, signals?: Record<string, unknown>) => Verdict<R>;

export const annotateOption = {
  annotate: z
    .boolean()
    .default(false)
    .describe("Write the filter's signals and would-be reason into metadata[<step>] and keep every document."),
};

export interface FilterDef<S extends z.ZodObject, R extends string> {
  name: string;
  summary: string;
  schema: S;
  reasons: readonly R[];
  create(cfg: z.output<S> & { annotate: boolean }, env: FilterEnv): FilterFn<R> | Promise<FilterFn<R>>;
}

/** What a filter may know of where it runs: the pipeline seed (for random choices) and its name. */
export interface FilterEnv {
  seed: number;
  step: string;
  /** Records a signal's value in the step's mergeable metrics (report histograms, means). */
  observe(metric: string, value: number): void;
}

type WithAnnotate<S extends z.ZodObject> = z.ZodObject<S["shape"] & typeof annotateOption, z.core.$strict>;

/**
 * A filter writes only its test; the base counts, routes rejects to `removed/<step>/`,
 * isolates a throwing document into `errors/`, and implements annotate mode.
 */
export function defineFilter<S extends z.ZodObject, const R extends string>(
  def: FilterDef<S, R>,
): StepDef<WithAnnotate<S>, R> {
  const schema = def.schema.extend(annotateOption).strict() as unknown as WithAnnotate<S>;
  return defineStep({
    name: def.name,
    role: "filter",
    summary: def.summary,
    schema,
    counters: def.reasons,
    async create(cfg, ctx) {
      const options = cfg as z.output<S> & { annotate: boolean };
      const test = await def.create(options, { seed: ctx.seed, step: ctx.step, observe: (m, v) => ctx.observe(m, v) });
      const annotate = options.annotate;
      return {
        process(batch) {
          const kept: Doc[] = [];
          for (const doc of batch) {
            let verdict: Verdict<R>;
            const signals = annotate ? {} : undefined;
            try {
              verdict = test(doc, signals);
            } catch (err) {
              ctx.fail(doc, err);
              continue;
            }
            const reason = typeof verdict === "object" ? verdict.reason : verdict;
            if (annotate) {
              doc.metadata[ctx.step] = { ...signals, drop: reason ?? null };
              if (reason !== undefined) ctx.count(reason);
              kept.push(doc);
            } else if (reason === undefined) {
              kept.push(doc);
            } else {
              ctx.reject(doc, reason, typeof verdict === "object" ? verdict.value : undefined);
            }
          }
          return kept;
        },
      };
    },
  });
}
