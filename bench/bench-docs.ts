/**
 * What the step benchmarks share: the ~2 KB documents they time (DCLM's annotated web pages plus
 * books and encyclopedia text cut into pieces), and a step context that counts nothing.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Doc } from "../src/core/doc.js";
import type { StepContext } from "../src/core/step.js";

/** DCLM's annotated pages, then each of `files` (under E-webtext) cut at the first line end after 2,000 characters. */
export function twoKbDocs(webDir: string, files: readonly string[]): string[] {
  const texts: string[] = [];
  const dclm = join(webDir, "dclm-quality-annotations", "majority_data.jsonl");
  for (const rec of readFileSync(dclm, "utf8").split("\n").filter(Boolean)) texts.push((JSON.parse(rec) as { text: string }).text);
  for (const f of files) {
    let cur = "";
    for (const line of readFileSync(join(webDir, f), "utf8").split("\n")) {
      cur += line + "\n";
      if (cur.length >= 2000) {
        texts.push(cur);
        cur = "";
      }
    }
  }
  return texts;
}

/** A context for calling a step directly: counters and metrics go nowhere, a failing document throws. */
export function benchContext(step: string, seed = 0): StepContext {
  return {
    step,
    task: 0,
    seed,
    signal: new AbortController().signal,
    count() {},
    observe() {},
    reject() {},
    fail(_d: Doc, e: unknown) {
      throw e;
    },
    io: undefined,
  } as unknown as StepContext;
}
