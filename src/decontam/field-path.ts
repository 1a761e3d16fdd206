import { UserError } from "../core/errors.js";

/** One step of a field path: an object key or an array index. */
type Segment = string | number;

/**
 * Parses a field path: keys separated by dots, array indexes in brackets —
 * `input[1].content`, `premises`, `turns[0]`. A CSV column name is a one-key path.
 */
export function parseFieldPath(path: string): Segment[] {
  const out: Segment[] = [];
  const re = /([^.[\]]+)|\[(\d+)\]/g;
  let consumed = 0;
  for (let m = re.exec(path); m; m = re.exec(path)) {
    const sep = path.slice(consumed, m.index);
    if (sep !== "" && !(sep === "." && out.length > 0)) throw new UserError(`field path ${JSON.stringify(path)}: unexpected ${JSON.stringify(sep)}`);
    out.push(m[2] !== undefined ? Number(m[2]) : m[1]);
    consumed = re.lastIndex;
  }
  if (consumed !== path.length || out.length === 0) throw new UserError(`field path ${JSON.stringify(path)}: expected keys and [index]es like input[1].content`);
  return out;
}

/**
 * The text at a path: strings and numbers as they are; an array's elements (FOLIO premises,
 * MT-bench turns) one per line. Undefined when the path leads nowhere.
 */
export function fieldText(record: unknown, path: readonly Segment[]): string | undefined {
  let v = record;
  for (const seg of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<string | number, unknown>)[seg];
  }
  return flatten(v);
}

function flatten(v: unknown): string | undefined {
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "bigint" || typeof v === "boolean") return String(v);
  if (Array.isArray(v)) {
    const parts = v.map(flatten).filter((p): p is string => p !== undefined);
    return parts.length ? parts.join("\n") : undefined;
  }
  return undefined;
}
