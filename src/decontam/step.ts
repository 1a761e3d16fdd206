import { join } from "node:path";
import type { Doc } from "../core/doc.js";
import { defineStep } from "../core/step.js";
import { writeJsonAtomic } from "../run/run-dir.js";
import { sharedIndex } from "./index-cache.js";
import { Matcher } from "./match.js";
import { decontaminateSchema } from "./options.js";
import type { Finding } from "./report.js";
import { cutSpans } from "./spans.js";
import { indexStats } from "./benchmark-index.js";
import type { TaskFindings } from "./tally.js";

type Reason = "contaminated" | "too_many_splits" | "nothing_left";

/**
 * Finds test-set items in training documents by word n-gram overlap, after normalization
 * (`words.ts`: case, punctuation, spacing, diacritics and option labels do not matter).
 * Defaults follow NeMo Curator's `TaskDecontamination` (`modules/task.py`): 13-grams (as GPT-3,
 * Brown et al. 2020, app. C), items of 8–12 words matched whole, and in `remove_spans` mode
 * 200 characters cut each side of a match up to a sentence end, fragments of ≤ 200 characters
 * dropped, documents left in more than 10 fragments dropped. datatrove's `NGramsDecontFilter`
 * drops the document instead (12-grams there) — this step's default `mode: drop`.
 *
 * Unlike NeMo, the fragments of a cut document stay one document, joined by a blank line: the
 * run's ledger counts one document out per document in. NeMo's `max_matches` (n-grams found in
 * more than 10 training documents are too common to count) needs a pass over the whole corpus
 * and is not applied here.
 *
 * Records which benchmarks and items matched in `removed_by.value` (drop), in
 * `metadata.decontaminated` (remove_spans) or in `metadata[<step>]` (annotate), and observes the
 * metric `contaminated:<benchmark>` (its count: documents; its sum: matching n-grams). Each task
 * also lists its contaminated documents in `contamination/<step>/<task>.json`, which the end of
 * the run merges into the per-benchmark report `contamination/<step>.json` (`run-report.ts`).
 */
export const decontaminate = defineStep({
  name: "decontaminate",
  role: "transform",
  summary: "Drop documents, or cut the passages, that contain benchmark test items (word 13-gram overlap).",
  schema: decontaminateSchema,
  counters: ["contaminated", "too_many_splits", "nothing_left", "decontaminated"],
  outputDir: "contamination",
  async create(cfg, ctx) {
    const index = await sharedIndex(cfg.benchmarks, cfg);
    const matcher = new Matcher(index);
    const findings: TaskFindings = { ngram: cfg.ngram, min_item_words: cfg.min_item_words, benchmarks: indexStats(index), documents_scanned: 0, documents: [] };

    /** Keeps (true) or rejects the document; rewrites it in remove_spans mode. */
    const handle = (doc: Doc): boolean => {
      const found = matcher.find(doc.text);
      if (found.length < cfg.min_matches) return true;
      const finding: Finding = { matches: matcher.summarize(found), ngrams: found.length };
      findings.documents.push({ id: doc.id, matches: finding.matches });
      for (const [name, m] of Object.entries(finding.matches)) ctx.observe(`contaminated:${name}`, m.ngrams);

      let reason: Reason | undefined = "contaminated";
      let record: object = finding;
      let text: string | undefined;
      if (cfg.mode === "remove_spans") {
        const cut = cutSpans(doc.text, found, cfg.window, cfg.min_fragment_chars);
        record = { ...finding, fragments: cut.fragments.length, removed_chars: cut.removedChars };
        reason = cut.fragments.length === 0 ? "nothing_left" : cut.fragments.length > cfg.max_splits ? "too_many_splits" : undefined;
        text = cut.fragments.map((f) => f.trim()).join("\n\n");
      }
      if (cfg.annotate) {
        doc.metadata[ctx.step] = { ...record, drop: reason ?? null };
        if (reason) ctx.count(reason);
        return true;
      }
      if (reason) {
        ctx.reject(doc, reason, record);
        return false;
      }
      doc.text = text!;
      doc.metadata.decontaminated = record;
      ctx.count("decontaminated");
      return true;
    };

    return {
      process(batch) {
        findings.documents_scanned += batch.length;
        const kept: Doc[] = [];
        for (const doc of batch) {
          try {
            if (handle(doc)) kept.push(doc);
          } catch (err) {
            ctx.fail(doc, err);
          }
        }
        return kept;
      },
      finish() {
        writeJsonAtomic(join(ctx.io.runDir, decontaminate.outputDir!, ctx.step, `${ctx.io.taskName}.json`), findings);
      },
    };
  },
});
