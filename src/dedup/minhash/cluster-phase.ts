import { closeSync, mkdirSync, openSync, readFileSync } from "node:fs";
import { dirname } from "node:path";
import type { BarrierContext } from "../../core/step.js";
import { PartitionedStreamWriter } from "../partitioned-file.js";
import { encodeDrop, forEachDoc, readDocId } from "./doc-records.js";
import { componentLabels } from "./external-components.js";
import { files } from "./files.js";
import { RecordReader, RecordWriter } from "./record-files.js";
import { RecordSorter } from "./record-sorter.js";
import type { TaskSpace } from "./task-space.js";

/** Member record: root (2), node (2), score (f64 as 2 words), offset of the node's id in its task's `.docs`. */
const MEMBER = 7;
/** Cluster record: root (2), size, kept node (2), kept id offset, root id offset. */
const CLUSTER = 7;
/** Drop record: node (2), cluster size, root task, root id offset, kept task, kept id offset. */
const DROP = 7;

/**
 * Stage 3, one task, in external memory (memory: `cluster_memory_mb`, whatever the number of
 * duplicates): connected components of the edges of every partition (external-components.ts),
 * each labelled by its smallest (task, ordinal), the first document in input order; then
 *   members sorted by (root, node) with their scores → per cluster its size and kept member,
 *   the best by score, input order among equals (so `first` keeps the root) → every other
 *   member's drop decision, sorted by node, streamed into the drops file grouped by task.
 * Ids are read back from the index's `.docs` files by offset. Intermediates live in
 * `cluster/00000-*` and are deleted as they are consumed.
 */
export async function runCluster(
  partitions: number,
  memoryBytes: number,
  ctx: BarrierContext<"clusters" | "duplicates" | "cluster_rounds">,
  space: TaskSpace,
): Promise<void> {
  const out = files.drops(ctx.stepDir);
  mkdirSync(dirname(out), { recursive: true });
  const work = `${out.slice(0, -".drops".length)}-cc`;
  const budget = Math.floor(memoryBytes / 2); // the other half: blocks of open files and the sort's own memory
  const edges = Array.from({ length: partitions }, (_, p) => files.edges(ctx.stepDir, p));
  const labels = componentLabels(edges, work, budget);
  ctx.count("cluster_rounds", labels.rounds);

  const f64 = new Float64Array(1);
  const w32 = new Uint32Array(f64.buffer);
  const membersPath = `${work}-members`;
  const members = new RecordSorter(MEMBER, budget, membersPath);
  {
    // Labels are sorted by (task, ordinal), as the `.docs` entries of each task are.
    const l = new RecordReader(labels.path, 4);
    const rec = new Uint32Array(MEMBER);
    let more = l.next();
    while (more) {
      const task = l.rec[l.at];
      const earlier = task < space.earlier;
      forEachDoc(readFileSync(space.file(files.docs, task)), (ordinal, score, offset) => {
        if (!more || l.rec[l.at] !== task || l.rec[l.at + 1] !== ordinal) return;
        rec[0] = l.rec[l.at + 2];
        rec[1] = l.rec[l.at + 3];
        rec[2] = task;
        rec[3] = ordinal;
        f64[0] = earlier ? Infinity : score; // the earlier corpus (against) always keeps its documents
        rec[4] = w32[0];
        rec[5] = w32[1];
        rec[6] = offset;
        members.push(rec);
        more = l.next();
      });
      if (more && l.rec[l.at] === task) throw new Error(`${space.file(files.docs, task)}: no entry for ordinal ${l.rec[l.at + 1]}`);
    }
    l.discard();
  }
  members.finish(membersPath);

  // Pass 1 over the members, cluster by cluster: size and kept member.
  const clusters = new RecordWriter(`${work}-clusters`, CLUSTER);
  {
    const m = new RecordReader(membersPath, MEMBER);
    const c = new Uint32Array(CLUSTER);
    let best = -Infinity;
    let open = false;
    while (m.next()) {
      const r = m.rec;
      const a = m.at;
      w32[0] = r[a + 4];
      w32[1] = r[a + 5];
      if (!open || r[a] !== c[0] || r[a + 1] !== c[1]) {
        if (open) clusters.push(c);
        open = true;
        c[0] = r[a];
        c[1] = r[a + 1];
        c[2] = 0;
        c[6] = r[a + 6]; // the root is its cluster's first member
        c[3] = r[a + 2];
        c[4] = r[a + 3];
        c[5] = r[a + 6];
        best = f64[0];
      } else if (f64[0] > best) {
        best = f64[0];
        c[3] = r[a + 2];
        c[4] = r[a + 3];
        c[5] = r[a + 6];
      }
      c[2]++;
    }
    if (open) clusters.push(c);
    m.close();
  }
  clusters.close();
  ctx.count("clusters", clusters.count);

  // Pass 2: members joined with their cluster; every member but the kept one is dropped.
  const dropsPath = `${work}-drops`;
  const drops = new RecordSorter(DROP, budget, dropsPath);
  {
    const m = new RecordReader(membersPath, MEMBER);
    const c = new RecordReader(clusters.path, CLUSTER);
    const d = new Uint32Array(DROP);
    c.next();
    while (m.next()) {
      const r = m.rec;
      const a = m.at;
      while (c.rec[c.at] !== r[a] || c.rec[c.at + 1] !== r[a + 1]) c.next();
      const k = c.at;
      if (c.rec[k + 3] === r[a + 2] && c.rec[k + 4] === r[a + 3]) continue;
      d[0] = r[a + 2];
      d[1] = r[a + 3];
      d[2] = c.rec[k + 2];
      d[3] = r[a];
      d[4] = c.rec[k + 6];
      d[5] = c.rec[k + 3];
      d[6] = c.rec[k + 5];
      drops.push(d);
    }
    m.discard();
    c.discard();
  }
  drops.finish(dropsPath);

  // Decisions in (task, ordinal) order, streamed into the drops file grouped by task.
  const writer = new PartitionedStreamWriter(out, ctx.tasks);
  const ids = new IdReader(space);
  const d = new RecordReader(dropsPath, DROP);
  let dropped = 0;
  while (d.next()) {
    const r = d.rec;
    const a = d.at;
    if (r[a] < space.earlier) continue; // an earlier run's document: not this run's to remove
    dropped++;
    writer.add(r[a] - space.earlier, encodeDrop({ ordinal: r[a + 1], size: r[a + 2], cluster: ids.read(r[a + 3], r[a + 4]), keptId: ids.read(r[a + 5], r[a + 6]) }));
  }
  d.discard();
  ctx.count("duplicates", dropped);
  ids.close();
  writer.close();
}

/** Ids by (task, offset in its `.docs`), through a bounded cache: a cluster's ids recur in its members' decisions. */
class IdReader {
  private readonly fds = new Map<number, number>();
  private readonly cache = new Map<number, string>();

  constructor(private readonly space: TaskSpace) {}

  read(task: number, offset: number): string {
    const key = task * 0x100000000 + offset;
    const hit = this.cache.get(key);
    if (hit !== undefined) return hit;
    let fd = this.fds.get(task);
    if (fd === undefined) this.fds.set(task, (fd = openSync(this.space.file(files.docs, task), "r")));
    const id = readDocId(fd, offset);
    if (this.cache.size >= 65536) this.cache.clear();
    this.cache.set(key, id);
    return id;
  }

  close(): void {
    for (const fd of this.fds.values()) closeSync(fd);
  }
}
