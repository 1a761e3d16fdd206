import { existsSync, realpathSync } from "node:fs";
import { join } from "node:path";
import type { StepSpec } from "../config/load.js";
import type { Doc } from "../core/doc.js";
import { UserError } from "../core/errors.js";
import { readManifest, type RunManifest } from "../run/manifest.js";
import { DIRS, RUN_FILE, readJson } from "../run/run-dir.js";
import { listDataFiles, scanFile, toDoc, type Row, type RunFile } from "./run-files.js";

/** A browsable folder of a run: kept documents, one step's removals, or error records. */
export interface Collection {
  /** `kept`, `removed/<step>`, `errors`. */
  key: string;
  kind: "docs" | "errors";
  /** The step instance, for removals. */
  step?: string;
  /** From stats.json when the run has one. */
  total?: number;
  reasons?: Record<string, number>;
}

/** Where a record is: collection, file number in the collection, record number in the file. */
export interface Address {
  c: string;
  f: number;
  i: number;
}

export interface ListItem extends Address {
  id?: string;
  chars?: number;
  preview: string;
  reason?: string;
}

export interface Page {
  items: ListItem[];
  /** `f.i` of the next record to look at, or null at the end. */
  next: string | null;
  /** Records looked at by this request (filters scan). */
  scanned: number;
}

export interface ListQuery {
  cursor?: string;
  limit: number;
  reason?: string;
  q?: string;
}

interface RunStats {
  read: number;
  kept: number;
  errors: number;
  removed: Record<string, Record<string, number>>;
}

const PREVIEW_CHARS = 200;
/** A filtered scan returns what it has after this long, with a cursor to go on. */
const SCAN_BUDGET_MS = 4000;

/**
 * A run directory opened for reading. Nothing is loaded up front: pages are read by scanning
 * files from a cursor with an early stop, so memory does not grow with the run.
 */
export class RunIndex {
  private readonly files = new Map<string, RunFile[]>();

  private constructor(
    readonly root: string,
    readonly manifest: RunManifest,
    readonly stats: RunStats | undefined,
  ) {}

  static open(dir: string): RunIndex {
    if (!existsSync(join(dir, RUN_FILE))) throw new UserError(`${dir} is not a winnow run directory (no ${RUN_FILE})`);
    const root = realpathSync(dir);
    const statsPath = join(root, "stats.json");
    return new RunIndex(root, readManifest(root), existsSync(statsPath) ? readJson<RunStats>(statsPath) : undefined);
  }

  get steps(): StepSpec[] {
    return this.manifest.config.steps;
  }

  collections(): Collection[] {
    const out: Collection[] = [{ key: "kept", kind: "docs", total: this.stats?.kept }];
    for (const spec of this.steps) {
      const reasons = this.stats?.removed[spec.instance];
      if (!reasons && !existsSync(join(this.root, DIRS.removed, spec.instance))) continue;
      const total = reasons ? Object.values(reasons).reduce((a, b) => a + b, 0) : undefined;
      out.push({ key: `removed/${spec.instance}`, kind: "docs", step: spec.instance, total, reasons });
    }
    out.push({ key: "errors", kind: "errors", total: this.stats?.errors });
    return out;
  }

  collection(key: string): Collection {
    const c = this.collections().find((x) => x.key === key);
    if (!c) throw new NotFound(`no collection "${key}"`);
    return c;
  }

  /** The data files of a collection, listed once. */
  filesOf(key: string): RunFile[] {
    let files = this.files.get(key);
    if (!files) {
      const c = this.collection(key);
      const dir = c.kind === "errors" ? join(this.root, DIRS.errors) : c.step ? join(this.root, DIRS.removed, c.step) : join(this.root, DIRS.output);
      this.files.set(key, (files = listDataFiles(this.root, dir)));
    }
    return files;
  }

  /** Visits records of a collection from a cursor; the visitor returns true to stop. */
  async scan(key: string, from: { f: number; i: number }, visit: (f: number, i: number, row: Row) => boolean | void): Promise<void> {
    const files = this.filesOf(key);
    for (let f = from.f; f < files.length; f++) {
      let stop = false;
      await scanFile(files[f], f === from.f ? from.i : 0, (i, row) => (stop = visit(f, i, row) === true));
      if (stop) return;
    }
  }

  /** One page of a collection, optionally only one removal reason and/or records containing `q`. */
  async page(key: string, query: ListQuery): Promise<Page> {
    const c = this.collection(key);
    const from = parseCursor(query.cursor);
    const q = query.q?.toLowerCase();
    // JSON text holds the query escaped as JSON does; a cheap test on it skips most non-matches before parsing.
    const rawQ = q === undefined ? undefined : JSON.stringify(q).slice(1, -1);
    const rawReason = query.reason === undefined ? undefined : `"reason":${JSON.stringify(query.reason)}`;
    const items: ListItem[] = [];
    const started = Date.now();
    let scanned = 0;
    let next: string | null = null;
    await this.scan(key, from, (f, i, row) => {
      if (items.length >= query.limit || (scanned > 0 && scanned % 1024 === 0 && Date.now() - started > SCAN_BUDGET_MS)) {
        next = `${f}.${i}`;
        return true;
      }
      scanned++;
      if (rawReason !== undefined && !row.raw().includes(rawReason)) return;
      if (rawQ !== undefined && !row.raw().toLowerCase().includes(rawQ)) return;
      const record = row.record();
      if (c.kind === "errors") {
        const item: ListItem = { c: key, f, i, preview: String(record.message ?? "") };
        if (q !== undefined && !JSON.stringify(record).toLowerCase().includes(q)) return;
        items.push(item);
        return;
      }
      const doc = toDoc(record);
      const reason = removal(doc)?.reason;
      if (query.reason !== undefined && reason !== query.reason) return;
      if (q !== undefined && !matches(doc, q)) return;
      items.push({ c: key, f, i, id: doc.id, chars: doc.text.length, preview: doc.text.slice(0, PREVIEW_CHARS), reason });
    });
    return { items, next, scanned };
  }

  /** The record at an address, or NotFound. */
  async record(a: Address): Promise<Record<string, unknown>> {
    this.collection(a.c);
    if (!Number.isInteger(a.f) || !Number.isInteger(a.i) || a.f < 0 || a.i < 0 || a.f >= this.filesOf(a.c).length) throw new NotFound("no such record");
    let found: Record<string, unknown> | undefined;
    await this.scan(a.c, a, (f, i, row) => {
      if (f === a.f && i === a.i) found = row.record();
      return true;
    });
    if (!found) throw new NotFound("no such record");
    return found;
  }

  fileOf(a: Address): string {
    return this.filesOf(a.c)[a.f].rel;
  }

  /**
   * Documents of the document collections whose record satisfies `test`, kept first, then each
   * step's removals: at most `limit`. `raw` is a substring every match's JSON text contains.
   */
  async findDocs(raw: string, test: (doc: Doc) => boolean, limit: number, keys?: string[]): Promise<(Address & { doc: Doc })[]> {
    const out: (Address & { doc: Doc })[] = [];
    for (const c of this.collections()) {
      if (c.kind !== "docs" || (keys && !keys.includes(c.key))) continue;
      await this.scan(c.key, { f: 0, i: 0 }, (f, i, row) => {
        if (!row.raw().includes(raw)) return;
        const doc = toDoc(row.record());
        if (test(doc)) out.push({ c: c.key, f, i, doc });
        return out.length >= limit;
      });
      if (out.length >= limit) break;
    }
    return out;
  }
}

/** A request for something the run does not have: a 404, not a server error. */
export class NotFound extends Error {}

function parseCursor(cursor: string | undefined): { f: number; i: number } {
  if (!cursor) return { f: 0, i: 0 };
  const m = /^(\d{1,9})\.(\d{1,12})$/.exec(cursor);
  if (!m) throw new NotFound(`bad cursor "${cursor}"`);
  return { f: Number(m[1]), i: Number(m[2]) };
}

function matches(doc: Doc, q: string): boolean {
  return doc.text.toLowerCase().includes(q) || doc.id.toLowerCase().includes(q) || JSON.stringify(doc.metadata).toLowerCase().includes(q);
}

/** `metadata.removed_by` of a removed document. */
export function removal(doc: Doc): { step: string; reason: string; value?: unknown } | undefined {
  const r = doc.metadata.removed_by;
  if (r === null || typeof r !== "object" || Array.isArray(r)) return undefined;
  const { step, reason, value } = r as Record<string, unknown>;
  return { step: String(step), reason: String(reason), value };
}
