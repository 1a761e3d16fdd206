import { rmSync } from "node:fs";
import { RecordReader, RecordWriter } from "./record-files.js";
import { RecordSorter } from "./record-sorter.js";

/**
 * Connected components of the duplicate graph in external memory: nodes are documents
 * (task, ordinal) as two words, edges 4 words. Every node's label converges to the smallest
 * node of its component (so the result is unique, whatever the edge order or partitioning)
 * by rounds of min-label propagation with hooking and pointer jumping (after Shiloach &
 * Vishkin 1982, "An O(log n) parallel connectivity algorithm"; the MapReduce form: Rastogi
 * et al. 2013, "Finding connected components in map-reduce in logarithmic rounds"), each
 * round a few sequential passes and external sorts:
 *   1. every node sends its label to its neighbours; a node takes the smallest label it holds
 *      or receives, and when that lowers its label, the old label (a node nearer the root)
 *      is sent the new one in the next round (hooking whole trees, not single nodes);
 *   2. every node takes its label's label (jumping towards the root).
 * A label is always a node of the component and never grows, and a fixpoint of step 1 on a
 * connected component is its minimum, so the loop ends with the exact components.
 * Memory: the sorters' budgets and one block per open file, not the graph.
 */
export interface Labels {
  /** (node, label) records, 4 words, sorted by node: one per node that has an edge. */
  path: string;
  nodes: number;
  rounds: number;
}

/** `work`: path prefix of the intermediate files; `budgetBytes`: memory of a sort. */
export function componentLabels(edgeFiles: readonly string[], work: string, budgetBytes: number): Labels {
  let seq = 0;
  const file = (what: string) => `${work}-${seq++}.${what}`;
  const sort = (fill: (s: RecordSorter) => void, what: string): string => {
    const path = file(what);
    const s = new RecordSorter(4, budgetBytes, path);
    fill(s);
    s.finish(path);
    return path;
  };

  // Both directions of every edge, sorted by source: the adjacency lists.
  const rawAdj = sort((s) => {
    const rev = new Uint32Array(4);
    for (const f of edgeFiles) {
      const r = new RecordReader(f, 4);
      while (r.next()) {
        s.push(r.rec, r.at);
        rev[0] = r.rec[r.at + 2];
        rev[1] = r.rec[r.at + 3];
        rev[2] = r.rec[r.at];
        rev[3] = r.rec[r.at + 1];
        s.push(rev);
      }
      r.close();
    }
  }, "adj");
  // Distinct adjacency, and first labels: the smaller of a node and its smallest neighbour.
  const adj = new RecordWriter(file("adj"), 4);
  const labels = new RecordWriter(file("lab"), 4);
  {
    const r = new RecordReader(rawAdj, 4);
    const prev = new Uint32Array([-1, -1, -1, -1]);
    const lab = new Uint32Array(4);
    while (r.next()) {
      const q = r.rec;
      const a = r.at;
      if (q[a] === prev[0] && q[a + 1] === prev[1] && q[a + 2] === prev[2] && q[a + 3] === prev[3]) continue;
      adj.push(q, a);
      if (q[a] !== prev[0] || q[a + 1] !== prev[1]) {
        lab[0] = q[a];
        lab[1] = q[a + 1];
        const self = lessNode(q[a], q[a + 1], q[a + 2], q[a + 3]);
        lab[2] = self ? q[a] : q[a + 2];
        lab[3] = self ? q[a + 1] : q[a + 3];
        labels.push(lab);
      }
      prev.set(q.subarray(a, a + 4));
    }
    r.discard();
  }
  adj.close();
  labels.close();
  const nodes = labels.count;
  let labelPath = labels.path;

  let rounds = 0;
  let hooks: string | undefined;
  for (let changed = 1; changed > 0; rounds++) {
    changed = 0;
    // 1. Messages (neighbour, my label), sorted by neighbour; then each node's minimum.
    const msgs = sort((s) => {
      const a = new RecordReader(adj.path, 4);
      const l = new RecordReader(labelPath, 4);
      const msg = new Uint32Array(4);
      l.next();
      while (a.next()) {
        while (!sameNode(l.rec, l.at, a.rec, a.at)) l.next();
        msg[0] = a.rec[a.at + 2];
        msg[1] = a.rec[a.at + 3];
        msg[2] = l.rec[l.at + 2];
        msg[3] = l.rec[l.at + 3];
        s.push(msg);
      }
      a.close();
      l.close();
      if (hooks !== undefined) {
        const h = new RecordReader(hooks, 4);
        while (h.next()) s.push(h.rec, h.at);
        h.discard();
      }
    }, "msg");
    const taken = new RecordWriter(file("lab"), 4);
    const hooked = new RecordWriter(file("hook"), 4);
    {
      const l = new RecordReader(labelPath, 4);
      const m = new RecordReader(msgs, 4);
      const out = new Uint32Array(4);
      const hook = new Uint32Array(4);
      let more = m.next();
      while (l.next()) {
        out.set(l.rec.subarray(l.at, l.at + 4));
        // Messages for this node come first in its run, smallest label first.
        if (more && sameNode(m.rec, m.at, l.rec, l.at)) {
          if (lessNode(m.rec[m.at + 2], m.rec[m.at + 3], out[2], out[3])) {
            hook[0] = out[2];
            hook[1] = out[3];
            out[2] = hook[2] = m.rec[m.at + 2];
            out[3] = hook[3] = m.rec[m.at + 3];
            hooked.push(hook);
            changed++;
          }
          while ((more = m.next()) && sameNode(m.rec, m.at, l.rec, l.at));
        }
        taken.push(out);
      }
      l.discard();
      m.discard();
    }
    taken.close();
    hooked.close();
    hooks = hooked.path;

    // 2. Pointer jumping: (label, node) sorted by label, joined with the labels by node.
    const byLabel = sort((s) => {
      const l = new RecordReader(taken.path, 4);
      const rec = new Uint32Array(4);
      while (l.next()) {
        rec[0] = l.rec[l.at + 2];
        rec[1] = l.rec[l.at + 3];
        rec[2] = l.rec[l.at];
        rec[3] = l.rec[l.at + 1];
        s.push(rec);
      }
      l.close();
    }, "bylab");
    labelPath = sort((s) => {
      const b = new RecordReader(byLabel, 4);
      const l = new RecordReader(taken.path, 4);
      const rec = new Uint32Array(4);
      l.next();
      while (b.next()) {
        while (!sameNode(l.rec, l.at, b.rec, b.at)) l.next();
        rec[0] = b.rec[b.at + 2];
        rec[1] = b.rec[b.at + 3];
        rec[2] = l.rec[l.at + 2];
        rec[3] = l.rec[l.at + 3];
        if (rec[2] !== b.rec[b.at] || rec[3] !== b.rec[b.at + 1]) changed++;
        s.push(rec);
      }
      b.discard();
      l.discard();
    }, "lab");
  }
  rmSync(adj.path);
  if (hooks !== undefined) rmSync(hooks);
  return { path: labelPath, nodes, rounds };
}

function sameNode(a: Uint32Array, x: number, b: Uint32Array, y: number): boolean {
  return a[x] === b[y] && a[x + 1] === b[y + 1];
}

function lessNode(t1: number, o1: number, t2: number, o2: number): boolean {
  return t1 < t2 || (t1 === t2 && o1 < o2);
}
