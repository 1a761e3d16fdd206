import { continuesNumber, isWordAt } from "./chars.js";
import { forEachDigitRun } from "./digit-runs.js";
import type { PiiSpan } from "./types.js";

/**
 * Finds US Social Security numbers written `AAA-GG-SSSS` (or with spaces), with the same
 * separator twice. Numbers the SSA never issues are skipped (SSA, "Social Security Number
 * Randomization"; POMS RM 10201.035): area 000, 666 or 900–999, group 00, serial 0000. Nine
 * digits without separators are left alone: far more of them are other identifiers.
 */
export function findUsSsn(text: string, out: PiiSpan[]): void {
  // One scan per separator, so that a dash-written number next to other numbers written with
  // spaces ("123-45-6789 2024") is still a run of its own.
  for (const sep of [0x2d, 0x20]) forEachDigitRun(text, (c) => c === sep, 1, (run) => {
    const [a, g, s] = run.groups;
    if (run.groups.length !== 3 || a !== 3 || g !== 2 || s !== 4) return;
    if (isWordAt(text, run.start - 1) || isWordAt(text, run.end) || continuesNumber(text, run.end)) return;
    if (/[-.]/.test(text.charAt(run.start - 1))) return;
    const area = run.digits.slice(0, 3);
    if (area === "000" || area === "666" || area[0] === "9") return;
    if (run.digits.slice(3, 5) === "00" || run.digits.slice(5) === "0000") return;
    out.push({ start: run.start, end: run.end, type: "us_ssn" });
  });
}
