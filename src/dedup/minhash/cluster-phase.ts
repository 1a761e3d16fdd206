import { readFileSync } from "node:fs";
import type { BarrierContext } from "../../core/step.js";
import { writePartitioned } from "../partitioned-file.js";
import { encodeDrop, forEachDoc } from "./doc-records.js";
import { files } from "./files.js";
import { asU32 } from "./u32-list.js";
import { Components } from "./union-find.js";

/**
 * Stage 3, one task: connected components over the edges of every partition; the kept
 * document of each is the best by score (input order among equals, so `first` keeps the
 * component's minimum); every other member gets a drop decision, grouped by the input task
 * that holds it. Memory: ~30 bytes per document that has an edge, an id per cluster, the
 * drop decisions, and one task's index of ids at a time — bounded by the duplicates, not by
 * the corpus. A sharded version would cut the per-node state across tasks; see the report.
 */
export async function runCluster(partitions: number, ctx: BarrierContext<"clusters" | "duplicates">): Promise<void> {
  const edges: Uint32Array[] = [];
  for (let p = 0; p < partitions; p++) edges.push(asU32(readFileSync(files.edges(ctx.stepDir, p))));
  const cc = new Components(edges);
  const n = cc.nodes.length;

  // Scores of the nodes, then the chosen kept member and size of each component. Roots
  // have the smallest index of their component, so each is seen before its members.
  const scores = new Float64Array(n);
  forEachNodeDoc(cc, ctx.stepDir, (k, score) => (scores[k] = score));
  const kept = new Int32Array(n);
  const size = new Uint32Array(n);
  let clusters = 0;
  for (let k = 0; k < n; k++) {
    const r = cc.find(k);
    size[r]++;
    if (r === k) {
      kept[r] = k;
      clusters++;
    } else if (scores[k] > scores[kept[r]]) kept[r] = k;
  }
  // Ids only of roots and kept members: strings are the heavy part of a node.
  const ids = new Map<number, string>();
  forEachNodeDoc(cc, ctx.stepDir, (k, _score, id) => {
    const r = cc.find(k);
    if (r === k || kept[r] === k) ids.set(k, id());
  });

  const drops: Buffer[][] = Array.from({ length: ctx.tasks }, () => []);
  for (let k = 0; k < n; k++) {
    const r = cc.find(k);
    if (kept[r] === k) continue;
    drops[Components.task(cc.nodes[k])].push(encodeDrop({ ordinal: Components.ordinal(cc.nodes[k]), size: size[r], cluster: ids.get(r)!, keptId: ids.get(kept[r])! }));
  }
  ctx.count("clusters", clusters);
  ctx.count("duplicates", n - clusters);
  writePartitioned(files.drops(ctx.stepDir), drops);
}

/** Calls `fn` with the index entry of every node, reading the index of each task that has nodes. */
function forEachNodeDoc(cc: Components, stepDir: string, fn: (node: number, score: number, id: () => string) => void): void {
  const n = cc.nodes.length;
  for (let i = 0; i < n; ) {
    const task = Components.task(cc.nodes[i]);
    forEachDoc(readFileSync(files.docs(stepDir, task)), (ordinal, score, id) => {
      const k = cc.indexOf(task, ordinal);
      if (k >= 0) fn(k, score, id);
    });
    while (i < n && Components.task(cc.nodes[i]) === task) i++;
  }
}
