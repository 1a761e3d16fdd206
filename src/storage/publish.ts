import { createReadStream, existsSync, readdirSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import type { StagePaths } from "../run/run-dir.js";
import { storageFor } from "./index.js";
import { joinUrl } from "./url.js";

/** What a task's completion marker on storage holds: the files it vouches for. */
export interface RemoteMarker {
  task: string;
  files: { path: string; size: number }[];
}

/**
 * Publishes one finished task of a run whose output is a URL: each of its files (output parts,
 * removed documents, errors, stats) is uploaded from the staging run directory, and only then
 * its completion marker `completions/<task>`, which lists them with their sizes. Object stores
 * have no rename, so this order is what makes completion atomic: a reader trusts a task's
 * files only when its marker exists, and trusts only the files the marker lists (an attempt
 * that died mid-upload may have left others).
 */
export async function publishTask(runDir: string, outputUrl: string, paths: StagePaths, task: string): Promise<RemoteMarker> {
  const files = taskFiles(runDir, paths, task);
  const store = storageFor(outputUrl);
  for (const f of files) await store.write(joinUrl(outputUrl, f.path), createReadStream(join(runDir, f.path), { highWaterMark: 1 << 20 }));
  const marker: RemoteMarker = { task, files };
  await store.write(joinUrl(outputUrl, relative(runDir, paths.completion).split(sep).join("/")), Buffer.from(JSON.stringify(marker, null, 2) + "\n"));
  return marker;
}

/** Uploads run-level files (run.json, stats.json, report.html) that exist in the staging directory. */
export async function publishRunFiles(runDir: string, outputUrl: string, names: string[]): Promise<void> {
  const store = storageFor(outputUrl);
  for (const name of names) {
    const path = join(runDir, name);
    if (existsSync(path)) await store.write(joinUrl(outputUrl, name), createReadStream(path));
  }
}

/** The task's files in the folders it owns (its completion marker aside), as run-relative paths, sorted. */
function taskFiles(runDir: string, paths: StagePaths, task: string): { path: string; size: number }[] {
  const mine = (name: string) => name.startsWith(task) && (name.length === task.length || name[task.length] === "." || name[task.length] === "-");
  const out: { path: string; size: number }[] = [];
  const walk = (dir: string, deep: boolean) => {
    if (!existsSync(dir)) return;
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) {
        if (deep) walk(p, deep);
      } else if (mine(e.name) && !e.name.endsWith(".tmp") && p !== paths.completion) {
        out.push({ path: relative(runDir, p).split(sep).join("/"), size: statSync(p).size });
      }
    }
  };
  for (const o of paths.owned) walk(o.dir, o.deep);
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
