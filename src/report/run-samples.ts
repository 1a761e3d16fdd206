import { join } from "node:path";
import type { Doc } from "../core/doc.js";
import { DIRS } from "../run/run-dir.js";
import { countWords } from "../text/words.js";
import { sampleFolder } from "./sample-folder.js";

/** What a report learns from the sampled documents of one folder: kept, or removed by one step. */
export interface GroupSample {
  docs: number;
  chars: number[];
  words: number[];
  /** `metadata.lang` → documents; documents without one are not counted. */
  langs: Map<string, number>;
  /** `<step>.<signal>` → values, from the numbers annotate mode writes to `metadata.<step>`. */
  signals: Map<string, number[]>;
}

export interface RemovedExample {
  id: string;
  /** The first EXAMPLE_CHARS characters. */
  text: string;
  chars: number;
  value?: string;
}

export interface RunSamples {
  /** Documents read at most per folder. */
  limit: number;
  kept: GroupSample;
  /** By step instance, for steps with a `removed/<step>/` folder. */
  removed: Map<string, GroupSample>;
  /** step → reason → a few removed documents. */
  examples: Map<string, Map<string, RemovedExample[]>>;
  /** Near-duplicate cluster id → size, from `removed_by.value` of sampled removed documents. */
  clusters: Map<string, number>;
}

export const EXAMPLES_PER_REASON = 3;
export const EXAMPLE_CHARS = 300;

/** Reads at most `limit` documents from `output/` and from each `removed/<step>/`. */
export async function sampleRun(runDir: string, steps: readonly string[], limit: number): Promise<RunSamples> {
  const samples: RunSamples = { limit, kept: emptyGroup(), removed: new Map(), examples: new Map(), clusters: new Map() };
  await sampleFolder(join(runDir, DIRS.output), limit, (doc) => addDoc(samples.kept, doc, steps));
  for (const step of steps) {
    const group = emptyGroup();
    const examples = new Map<string, RemovedExample[]>();
    await sampleFolder(join(runDir, DIRS.removed, step), limit, (doc) => {
      addDoc(group, doc, steps);
      addRemoval(samples, examples, doc);
    });
    if (group.docs === 0) continue;
    samples.removed.set(step, group);
    samples.examples.set(step, examples);
  }
  return samples;
}

function emptyGroup(): GroupSample {
  return { docs: 0, chars: [], words: [], langs: new Map(), signals: new Map() };
}

function addDoc(group: GroupSample, doc: Doc, steps: readonly string[]): void {
  group.docs++;
  group.chars.push(doc.text.length);
  group.words.push(countWords(doc.text));
  const lang = doc.metadata.lang;
  if (typeof lang === "string" && lang) group.langs.set(lang, (group.langs.get(lang) ?? 0) + 1);
  for (const step of steps) {
    const signals = doc.metadata[step];
    if (!isObject(signals)) continue;
    for (const [name, value] of Object.entries(signals)) {
      if (typeof value !== "number" || !Number.isFinite(value)) continue;
      const key = `${step}.${name}`;
      let values = group.signals.get(key);
      if (!values) group.signals.set(key, (values = []));
      values.push(value);
    }
  }
}

function addRemoval(samples: RunSamples, examples: Map<string, RemovedExample[]>, doc: Doc): void {
  const removal = isObject(doc.metadata.removed_by) ? doc.metadata.removed_by : {};
  const reason = typeof removal.reason === "string" ? removal.reason : "(no reason)";
  const value = removal.value;
  if (isObject(value) && typeof value.cluster === "string" && typeof value.cluster_size === "number") {
    samples.clusters.set(value.cluster, value.cluster_size);
  }
  let list = examples.get(reason);
  if (!list) examples.set(reason, (list = []));
  if (list.length >= EXAMPLES_PER_REASON) return;
  list.push({
    id: doc.id,
    text: head(doc.text, EXAMPLE_CHARS),
    chars: doc.text.length,
    value: value === undefined ? undefined : head(JSON.stringify(value), 160),
  });
}

/** The first `n` UTF-16 units, not cutting a surrogate pair in two. */
function head(text: string, n: number): string {
  if (text.length <= n) return text;
  const code = text.charCodeAt(n - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? n - 1 : n);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}
