import type { BenchmarkStats } from "./benchmark-index.js";
import type { DocMatches } from "./match.js";

/** Document ids kept per item in a report: a template-like item may be in millions of documents. */
export const MAX_IDS_PER_ITEM = 100;

/** One benchmark item found in the corpus, and where. */
export interface ItemFound {
  item: string;
  documents: number;
  /** The first `MAX_IDS_PER_ITEM` ids of documents it was found in, in scan order. */
  doc_ids: string[];
}

/** Per benchmark: how much of it the index holds, and which of its items the corpus contains. */
export interface BenchmarkFindings extends BenchmarkStats {
  items_found: number;
  /** Documents that contain at least one of its items. */
  documents: number;
  found: ItemFound[];
}

/** What `winnow decontaminate` writes, and what a run with a `decontaminate` step writes to `contamination/<step>.json`. */
export interface ContaminationFindings {
  ngram: number;
  min_item_words: number;
  documents_scanned: number;
  documents_contaminated: number;
  benchmarks: Record<string, BenchmarkFindings>;
}

/** A task's part of a run's findings: `contamination/<step>/<task>.json`. */
export interface TaskFindings {
  ngram: number;
  min_item_words: number;
  benchmarks: Record<string, BenchmarkStats>;
  documents_scanned: number;
  /** Contaminated documents, in input order. */
  documents: { id: string; matches: DocMatches }[];
}

/**
 * Accumulates which documents contain which benchmark items. Ids arrive in scan order; tasks
 * are merged in task order, so the report is the same whatever the number of workers.
 */
export class ContaminationTally {
  private scanned = 0;
  private contaminated = 0;
  private readonly byBenchmark = new Map<string, { documents: number; items: Map<string, ItemFound> }>();

  constructor(
    private readonly opts: { ngram: number; min_item_words: number },
    private readonly indexed: Record<string, BenchmarkStats>,
  ) {
    for (const name of Object.keys(indexed)) this.byBenchmark.set(name, { documents: 0, items: new Map() });
  }

  scannedDocs(n: number): void {
    this.scanned += n;
  }

  add(docId: string, matches: DocMatches): void {
    this.contaminated++;
    for (const [name, m] of Object.entries(matches)) {
      let b = this.byBenchmark.get(name);
      if (!b) this.byBenchmark.set(name, (b = { documents: 0, items: new Map() }));
      b.documents++;
      for (const item of m.items) {
        let f = b.items.get(item);
        if (!f) b.items.set(item, (f = { item, documents: 0, doc_ids: [] }));
        f.documents++;
        if (f.doc_ids.length < MAX_IDS_PER_ITEM) f.doc_ids.push(docId);
      }
    }
  }

  /** Benchmarks in name order, items by id (natural order: `test.jsonl#2` before `#10`). */
  report(): ContaminationFindings {
    const benchmarks: Record<string, BenchmarkFindings> = {};
    const order = new Intl.Collator("en", { numeric: true });
    for (const name of [...this.byBenchmark.keys()].sort()) {
      const b = this.byBenchmark.get(name)!;
      const found = [...b.items.values()].sort((x, y) => order.compare(x.item, y.item));
      const stats = this.indexed[name] ?? { items: 0, too_short: 0, whole: 0 };
      benchmarks[name] = { ...stats, items_found: found.length, documents: b.documents, found };
    }
    return {
      ngram: this.opts.ngram,
      min_item_words: this.opts.min_item_words,
      documents_scanned: this.scanned,
      documents_contaminated: this.contaminated,
      benchmarks,
    };
  }
}

/** One line per benchmark: items found of items indexed, and in how many documents. */
export function formatFindings(r: ContaminationFindings): string {
  const names = Object.keys(r.benchmarks);
  const w = Math.max(9, ...names.map((n) => n.length));
  const lines = [`${"benchmark".padEnd(w)}  items found / indexed  documents`];
  for (const name of names) {
    const b = r.benchmarks[name];
    const indexed = b.items - b.too_short;
    lines.push(`${name.padEnd(w)}  ${`${b.items_found} / ${indexed}`.padStart(21)}  ${String(b.documents).padStart(9)}`);
  }
  lines.push(`${r.documents_contaminated} of ${r.documents_scanned} documents contain benchmark items (${r.ngram}-grams)`);
  return lines.join("\n");
}
