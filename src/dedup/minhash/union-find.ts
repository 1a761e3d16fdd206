/**
 * Connected components of the duplicate graph, in memory over the documents that have an
 * edge (not the corpus): nodes are (task, ordinal) packed as task·2^32 + ordinal into a
 * sorted Float64Array (8 bytes per node; exact while task < 2^21), parents in an Int32Array.
 * Union by smaller index makes every root its component's minimum (task, ordinal): the
 * first document in input order, whatever order the edges come in.
 */
export class Components {
  readonly nodes: Float64Array;
  private readonly parent: Int32Array;

  /** `edges`: 4 words per edge, (task, ordinal, task, ordinal). */
  constructor(edges: readonly Uint32Array[]) {
    let count = 0;
    for (const e of edges) count += e.length / 2;
    const keys = new Float64Array(count);
    let at = 0;
    for (const e of edges) for (let i = 0; i < e.length; i += 2) keys[at++] = e[i] * 0x100000000 + e[i + 1];
    keys.sort();
    let n = 0;
    for (let i = 0; i < keys.length; i++) if (i === 0 || keys[i] !== keys[i - 1]) keys[n++] = keys[i];
    this.nodes = keys.slice(0, n);
    this.parent = new Int32Array(n);
    for (let i = 0; i < n; i++) this.parent[i] = i;
    for (const e of edges) {
      for (let i = 0; i < e.length; i += 4) this.union(this.indexOf(e[i], e[i + 1]), this.indexOf(e[i + 2], e[i + 3]));
    }
  }

  /** Node index of (task, ordinal), or -1. */
  indexOf(task: number, ordinal: number): number {
    const key = task * 0x100000000 + ordinal;
    let lo = 0;
    let hi = this.nodes.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const v = this.nodes[mid];
      if (v === key) return mid;
      if (v < key) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** The component's root: its smallest node index. Path halving keeps trees shallow. */
  find(i: number): number {
    const p = this.parent;
    while (p[i] !== i) {
      p[i] = p[p[i]];
      i = p[i];
    }
    return i;
  }

  private union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra < rb) this.parent[rb] = ra;
    else if (rb < ra) this.parent[ra] = rb;
  }

  static task(key: number): number {
    return Math.floor(key / 0x100000000);
  }

  static ordinal(key: number): number {
    return key % 0x100000000;
  }
}
