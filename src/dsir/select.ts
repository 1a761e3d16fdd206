import { statSync } from "node:fs";
import { KEY_RECORD, KeyFileReader, ranksBefore, type Ranked } from "./key-file.js";

/** The outcome of the global selection: a document is selected when it ranks at or before `last`. */
export interface Cut {
  total: number;
  k: number;
  /** The k-th document by rank; null when nothing is selected. */
  last: Ranked | null;
}

/** How many documents to select: a fixed k (at most all), or a fraction of all. */
export function selectionSize(total: number, by: { k?: number; fraction?: number }): number {
  if (by.k !== undefined) return Math.min(by.k, total);
  return Math.min(total, Math.round((by.fraction ?? 1) * total));
}

/**
 * Finds the k-th ranked document over every task's sorted key file by a k-way merge (a
 * binary heap of one reader per task), so memory is one read buffer per task whatever k is.
 */
export function findCut(paths: readonly string[], by: { k?: number; fraction?: number }): Cut {
  const total = paths.reduce((n, p) => n + statSync(p).size / KEY_RECORD, 0);
  const k = selectionSize(total, by);
  if (k === 0) return { total, k, last: null };
  const heap: KeyFileReader[] = [];
  paths.forEach((p, task) => {
    const r = new KeyFileReader(p, task);
    if (r.next()) push(heap, r);
  });
  let last: Ranked | null = null;
  for (let taken = 0; taken < k; taken++) {
    const top = heap[0];
    last = { key: top.key, task: top.task, ordinal: top.ordinal };
    if (top.next()) siftDown(heap, 0);
    else {
      const tail = heap.pop()!;
      if (heap.length > 0) {
        heap[0] = tail;
        siftDown(heap, 0);
      }
    }
  }
  for (const r of heap) r.close();
  return { total, k, last };
}

function push(heap: KeyFileReader[], r: KeyFileReader): void {
  heap.push(r);
  for (let i = heap.length - 1; i > 0; ) {
    const parent = (i - 1) >> 1;
    if (!ranksBefore(heap[i], heap[parent])) break;
    [heap[i], heap[parent]] = [heap[parent], heap[i]];
    i = parent;
  }
}

function siftDown(heap: KeyFileReader[], i: number): void {
  for (;;) {
    const l = 2 * i + 1;
    const r = l + 1;
    let best = i;
    if (l < heap.length && ranksBefore(heap[l], heap[best])) best = l;
    if (r < heap.length && ranksBefore(heap[r], heap[best])) best = r;
    if (best === i) return;
    [heap[i], heap[best]] = [heap[best], heap[i]];
    i = best;
  }
}
