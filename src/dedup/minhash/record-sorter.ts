import { RecordReader, RecordWriter, compareRecords } from "./record-files.js";

/**
 * External merge sort of fixed-width u32 records (Knuth, TAOCP vol. 3, §5.4): records
 * gather in a buffer of at most `budgetBytes` (with the sort's index); a full buffer is sorted and spilled as a run file;
 * `finish` merges the runs (a binary heap over one block of each) into the output file.
 * Memory: the buffer plus one block per run. Order: whole records, lexicographic by word.
 */
export class RecordSorter {
  private buf: Uint32Array;
  private at = 0;
  private readonly runs: string[] = [];
  /** Records per run. */
  private readonly budget: number;

  constructor(
    readonly width: number,
    budgetBytes: number,
    /** Run files are `${prefix}-${n}.run`. */
    private readonly prefix: string,
  ) {
    this.budget = Math.max(16, Math.floor(budgetBytes / (4 * width + 4)));
    this.buf = new Uint32Array(Math.min(this.budget, 4096) * width);
  }

  push(src: ArrayLike<number>, from = 0): void {
    if (this.at === this.buf.length) {
      if (this.buf.length < this.budget * this.width) {
        const next = new Uint32Array(Math.min(this.budget * this.width, this.buf.length * 2));
        next.set(this.buf);
        this.buf = next;
      } else this.spill();
    }
    for (let k = 0; k < this.width; k++) this.buf[this.at + k] = src[from + k];
    this.at += this.width;
  }

  /** Writes all records, sorted, to `path`; returns their count. */
  finish(path: string): number {
    if (this.runs.length === 0) {
      const out = new RecordWriter(path, this.width);
      this.writeSorted(out);
      out.close();
      return out.count;
    }
    if (this.at > 0) this.spill();
    this.buf = new Uint32Array(0);
    const readers = this.runs.map((p) => new RecordReader(p, this.width));
    const w = this.width;
    const heap = readers.filter((r) => r.next());
    const less = (i: number, j: number) => compareRecords(heap[i].rec, heap[i].at, heap[j].rec, heap[j].at, w) < 0;
    const down = (i: number) => {
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && less(l, m)) m = l;
        if (r < heap.length && less(r, m)) m = r;
        if (m === i) return;
        [heap[i], heap[m]] = [heap[m], heap[i]];
        i = m;
      }
    };
    for (let i = (heap.length >> 1) - 1; i >= 0; i--) down(i);
    const out = new RecordWriter(path, w);
    while (heap.length > 0) {
      out.push(heap[0].rec, heap[0].at);
      if (!heap[0].next()) {
        heap[0] = heap[heap.length - 1];
        heap.pop();
      }
      down(0);
    }
    out.close();
    for (const r of readers) r.discard();
    return out.count;
  }

  private spill(): void {
    const out = new RecordWriter(`${this.prefix}-${this.runs.length}.run`, this.width);
    this.writeSorted(out);
    out.close();
    this.runs.push(out.path);
  }

  private writeSorted(out: RecordWriter): void {
    const w = this.width;
    const buf = this.buf;
    const n = this.at / w;
    const order = new Uint32Array(n);
    for (let i = 0; i < n; i++) order[i] = i * w;
    order.sort((x, y) => compareRecords(buf, x, buf, y, w));
    for (let i = 0; i < n; i++) out.push(buf, order[i]);
    this.at = 0;
  }
}
