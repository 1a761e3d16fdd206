import type { StepSpec } from "../config/load.js";
import type { Doc } from "../core/doc.js";
import { toDoc } from "./run-files.js";
import type { Address, RunIndex } from "./run-index.js";
import { stepThresholds, type Threshold } from "./thresholds.js";

/**
 * Per signal, the kept documents grouped by signal value: sorted distinct values with the
 * documents, characters and tokens at each. Any threshold placed on a value gives exact counts
 * of what it would keep; a signal with more than MAX_DISTINCT values is grouped by its value
 * rounded to 3 significant digits instead (flagged `approximate`), to bound memory.
 */
export interface SignalHistogram {
  id: string;
  step: string;
  name: string;
  approximate: boolean;
  thresholds: Threshold[];
  values: number[];
  docs: number[];
  chars: number[];
  tokens: number[];
}

export interface WhatIfData {
  /** Kept documents of the run (output/), their characters, and tokens of those with `metadata.tokens`. */
  docs: number;
  chars: number;
  tokens: number;
  tokenDocs: number;
  signals: SignalHistogram[];
}

const MAX_DISTINCT = 4096;

const round3 = (v: number) => Number(v.toPrecision(3));

/** A signal the run's steps write, and how to read it from a document. */
interface SignalSource {
  id: string;
  step: string;
  name: string;
  topLevel: boolean;
  thresholds: Threshold[];
}

const thresholdCache = new WeakMap<StepSpec, ReturnType<typeof stepThresholds>>();
function thresholdsOf(spec: StepSpec): ReturnType<typeof stepThresholds> {
  let t = thresholdCache.get(spec);
  if (!t) thresholdCache.set(spec, (t = stepThresholds(spec)));
  return t;
}

/** Annotate mode writes `metadata[<step>] = {signal: number, …}`; language and perplexity write top-level fields. */
function signalValues(doc: Doc, steps: StepSpec[], known: Map<string, SignalSource>, visit: (s: SignalSource, v: number) => void): void {
  for (const spec of steps) {
    const own = doc.metadata[spec.instance];
    if (own !== null && typeof own === "object" && !Array.isArray(own)) {
      for (const [name, v] of Object.entries(own)) {
        if (typeof v !== "number" || !Number.isFinite(v)) continue;
        const id = `${spec.instance}.${name}`;
        let s = known.get(id);
        if (!s) {
          const thresholds = thresholdsOf(spec).find((t) => t.signal === name && !t.topLevel)?.rules ?? [];
          known.set(id, (s = { id, step: spec.instance, name, topLevel: false, thresholds }));
        }
        visit(s, v);
      }
    }
    for (const t of thresholdsOf(spec)) {
      if (!t.topLevel) continue;
      const v = doc.metadata[t.signal];
      if (typeof v !== "number" || !Number.isFinite(v)) continue;
      let s = known.get(t.signal);
      if (!s) known.set(t.signal, (s = { id: t.signal, step: spec.instance, name: t.signal, topLevel: true, thresholds: t.rules }));
      visit(s, v);
    }
  }
}

class Accumulator {
  approximate = false;
  readonly bins = new Map<number, [number, number, number]>();

  add(v: number, chars: number, tokens: number): void {
    const key = this.approximate ? round3(v) : v;
    const bin = this.bins.get(key);
    if (bin) {
      bin[0]++;
      bin[1] += chars;
      bin[2] += tokens;
    } else {
      this.bins.set(key, [1, chars, tokens]);
      if (!this.approximate && this.bins.size > MAX_DISTINCT) this.coarsen();
    }
  }

  private coarsen(): void {
    this.approximate = true;
    const old = [...this.bins];
    this.bins.clear();
    for (const [v, [d, c, t]] of old) {
      const bin = this.bins.get(round3(v)) ?? [0, 0, 0];
      this.bins.set(round3(v), [bin[0] + d, bin[1] + c, bin[2] + t]);
    }
  }
}

const cache = new WeakMap<RunIndex, Promise<WhatIfData>>();

/** One streaming pass over the kept documents, computed once per server and cached. */
export function whatIfData(index: RunIndex): Promise<WhatIfData> {
  let data = cache.get(index);
  if (!data) {
    cache.set(index, (data = computeWhatIf(index)));
    data.catch(() => cache.delete(index));
  }
  return data;
}

async function computeWhatIf(index: RunIndex): Promise<WhatIfData> {
  const known = new Map<string, SignalSource>();
  const acc = new Map<string, Accumulator>();
  const out: WhatIfData = { docs: 0, chars: 0, tokens: 0, tokenDocs: 0, signals: [] };
  await index.scan("kept", { f: 0, i: 0 }, (_f, _i, row) => {
    const doc = toDoc(row.record());
    const tokens = typeof doc.metadata.tokens === "number" ? doc.metadata.tokens : 0;
    out.docs++;
    out.chars += doc.text.length;
    out.tokens += tokens;
    if (typeof doc.metadata.tokens === "number") out.tokenDocs++;
    signalValues(doc, index.steps, known, (s, v) => {
      let a = acc.get(s.id);
      if (!a) acc.set(s.id, (a = new Accumulator()));
      a.add(v, doc.text.length, tokens);
    });
  });
  for (const [id, a] of acc) {
    const s = known.get(id)!;
    const values = [...a.bins.keys()].sort((x, y) => x - y);
    out.signals.push({
      id, step: s.step, name: s.name, approximate: a.approximate, thresholds: s.thresholds, values,
      docs: values.map((v) => a.bins.get(v)![0]),
      chars: values.map((v) => a.bins.get(v)![1]),
      tokens: values.map((v) => a.bins.get(v)![2]),
    });
  }
  out.signals.sort((x, y) => (x.id < y.id ? -1 : 1));
  return out;
}

export interface MarginDoc extends Address {
  id: string;
  value: number;
  preview: string;
}

/**
 * Kept documents whose signal is one of the given values (the last value a threshold keeps and
 * the first it drops): up to `n` each, scanning until both are found.
 */
export async function marginSamples(index: RunIndex, signal: string, wanted: number[], n: number): Promise<MarginDoc[]> {
  const data = await whatIfData(index);
  const h = data.signals.find((s) => s.id === signal);
  if (!h) return [];
  const found = new Map<number, MarginDoc[]>(wanted.map((v) => [v, []]));
  const known = new Map<string, SignalSource>();
  await index.scan("kept", { f: 0, i: 0 }, (f, i, row) => {
    const doc = toDoc(row.record());
    signalValues(doc, index.steps, known, (s, v) => {
      if (s.id !== signal) return;
      const list = found.get(h.approximate ? round3(v) : v);
      if (list && list.length < n) list.push({ c: "kept", f, i, id: doc.id, value: v, preview: doc.text.slice(0, 300) });
    });
    return [...found.values()].every((l) => l.length >= n);
  });
  return wanted.flatMap((v) => found.get(v)!);
}
