import { z } from "zod";

/** `steps[2].length.min_words` from zod's path. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}

function describeValue(v: unknown): string {
  if (v === undefined) return "nothing";
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 60 ? s.slice(0, 57) + "…" : s;
}

/** Looks through defaults, optionals, refinements and pipes to the schema that holds the shape. */
function unwrap(schema: unknown): unknown {
  let s = schema;
  for (let i = 0; i < 8 && s; i++) {
    if (s instanceof z.ZodObject || s instanceof z.ZodArray || s instanceof z.ZodNumber) return s;
    const def = (s as { _zod?: { def?: { innerType?: unknown; in?: unknown } } })._zod?.def;
    s = def?.innerType ?? def?.in;
  }
  return s;
}

/** The object keys a schema accepts. */
export function objectKeys(schema: unknown): string[] | undefined {
  const s = unwrap(schema);
  return s instanceof z.ZodObject ? Object.keys(s.shape) : undefined;
}

/** Walks a schema along a path, to name what is valid where a problem was found. */
function schemaAt(schema: unknown, path: readonly PropertyKey[]): unknown {
  let s = schema;
  for (const key of path) {
    const cur = unwrap(s);
    if (cur instanceof z.ZodObject) s = cur.shape[String(key)];
    else if (cur instanceof z.ZodArray) s = cur.element;
    else return undefined;
  }
  return s;
}

/** One readable line per problem: `path: expected …, got …`. */
export function formatIssues(error: z.ZodError, schema: z.ZodType, prefix: readonly PropertyKey[] = []): string[] {
  return error.issues.map((issue) => {
    const where = formatPath([...prefix, ...issue.path]) || "(top level)";
    const input = (issue as { input?: unknown }).input;
    switch (issue.code) {
      case "invalid_type": {
        const target = unwrap(schemaAt(schema, issue.path));
        const integer = issue.expected === "int" || (target instanceof z.ZodNumber && target.isInt);
        return `${where}: expected ${integer ? "integer" : issue.expected}, got ${describeValue(input)}`;
      }
      case "unrecognized_keys": {
        const valid = objectKeys(schemaAt(schema, issue.path));
        const keys = issue.keys.map((k) => `"${k}"`).join(", ");
        return `${where}: unknown key${issue.keys.length > 1 ? "s" : ""} ${keys}${valid ? ` (valid keys: ${valid.join(", ")})` : ""}`;
      }
      case "invalid_value":
        return `${where}: expected one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}, got ${describeValue(input)}`;
      case "too_small":
      case "too_big": {
        const small = issue.code === "too_small";
        const limit = small ? issue.minimum : issue.maximum;
        const cmp = small ? (issue.inclusive ? "≥" : ">") : issue.inclusive ? "≤" : "<";
        const what =
          issue.origin === "array" ? `${small ? "at least" : "at most"} ${limit} item(s)`
          : issue.origin === "string" ? `${small ? "at least" : "at most"} ${limit} character(s)`
          : `a number ${cmp} ${limit}`;
        return `${where}: expected ${what}${typeof input === "number" || typeof input === "string" ? `, got ${describeValue(input)}` : ""}`;
      }
      default:
        return `${where}: ${issue.message}`;
    }
  });
}
