import { createInterface } from "node:readline";
import { UserError } from "../../core/errors.js";
import { compressionOf, openInput } from "../../io/input-stream.js";
import { LABEL_PREFIX } from "../../models/fasttext/dictionary.js";

/**
 * How labelled examples are read. `fasttext`: fastText's own lines, `__label__a __label__b
 * some text`. `jsonl`: one JSON object per line with a label and a text field (a label may
 * be a string, number, boolean or an array of them); with `threshold`, a numeric label
 * becomes `hq` when ≥ threshold and `lq` otherwise — FineWeb-Edu's binarization of its
 * 0–5 annotation scores (`int_score >= 3`, HuggingFaceFW/fineweb-edu-classifier).
 */
export interface LabelledFormat {
  format: "jsonl" | "fasttext";
  labelField: string;
  textField: string;
  threshold?: number;
}

export const POSITIVE_LABEL = "hq";
export const NEGATIVE_LABEL = "lq";

/** jsonl for `.jsonl`/`.json` names (compressed or not), fastText lines otherwise. */
export function formatOf(path: string): LabelledFormat["format"] {
  return /\.jsonl?(\.gz|\.zst)?$/.test(path) ? "jsonl" : "fasttext";
}

function labelToken(value: unknown, where: string, threshold: number | undefined): string {
  if (threshold !== undefined) {
    if (typeof value !== "number" || !Number.isFinite(value)) throw new UserError(`${where}: label must be a number to compare with the threshold, got ${JSON.stringify(value)}`);
    return LABEL_PREFIX + (value >= threshold ? POSITIVE_LABEL : NEGATIVE_LABEL);
  }
  if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") {
    throw new UserError(`${where}: label must be a string, number or boolean, got ${JSON.stringify(value)}`);
  }
  const s = String(value);
  if (s === "" || /[ \n\r\t\v\f\0]/.test(s)) throw new UserError(`${where}: label ${JSON.stringify(s)} is empty or contains whitespace (fastText labels are single tokens)`);
  return s.startsWith(LABEL_PREFIX) ? s : LABEL_PREFIX + s;
}

/**
 * The examples of a file as fastText training lines: labels first, then the text with every
 * newline turned into a space (fastText reads one example per line; a newline would end it).
 * JSONL records without a label are an error naming the file and line.
 */
export async function readLabelledLines(path: string, f: LabelledFormat): Promise<string[]> {
  const lines: string[] = [];
  const rl = createInterface({ input: openInput(path, compressionOf(path), () => {}), crlfDelay: Infinity });
  let lineNo = 0;
  for await (const line of rl) {
    lineNo++;
    if (f.format === "fasttext") {
      if (line.trim() !== "") lines.push(line);
      continue;
    }
    if (line.trim() === "") continue;
    const where = `${path}:${lineNo}`;
    let rec: Record<string, unknown>;
    try {
      rec = JSON.parse(line);
    } catch (err) {
      throw new UserError(`${where}: not valid JSON (${(err as Error).message})`);
    }
    const text = rec[f.textField];
    if (typeof text !== "string") throw new UserError(`${where}: field "${f.textField}" must be a string (set the text field option)`);
    const value = rec[f.labelField];
    if (value === undefined || value === null) throw new UserError(`${where}: no label in field "${f.labelField}" (set the label field option)`);
    const labels = Array.isArray(value) ? value.map((v) => labelToken(v, where, f.threshold)) : [labelToken(value, where, f.threshold)];
    lines.push(`${labels.join(" ")} ${text.replaceAll("\n", " ")}`);
  }
  return lines;
}
