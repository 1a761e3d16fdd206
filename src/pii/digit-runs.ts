import { isDigit, nextDigit } from "./chars.js";

/** Digits kept per run: more than any number the scanners look for (19 for cards, 15 for phones). */
const MAX_KEPT = 24;

/** Groups of digits joined by short separators, as numbers are written: `415 555-2671`, `4111-1111-1111-1111`. */
export interface DigitRun {
  start: number;
  end: number;
  /** Digits of the run, the first `MAX_KEPT` only. */
  digits: string;
  /** Total digits in the run. */
  count: number;
  /** Length of each group, the first `MAX_KEPT` groups only. */
  groups: number[];
  /** Separator before each group after the first (same cap). */
  seps: string[];
}

/**
 * Calls `visit` for every maximal run of digit groups in which groups are joined by 1 to
 * `maxSep` characters accepted by `isSep`. Runs do not overlap and each character is read a
 * bounded number of times (a separator tail that leads to no digit is re-read once), so a
 * scan is linear whatever the input; what is kept per run is capped.
 */
export function forEachDigitRun(
  text: string,
  isSep: (c: number) => boolean,
  maxSep: number,
  visit: (run: DigitRun) => void,
): void {
  const n = text.length;
  for (let i = nextDigit(text, 0); i >= 0; ) {
    const run: DigitRun = { start: i, end: i, digits: "", count: 0, groups: [], seps: [] };
    let p = i;
    for (;;) {
      const g = p;
      while (p < n && isDigit(text.charCodeAt(p))) p++;
      if (run.count < MAX_KEPT) run.digits += text.slice(g, Math.min(p, g + MAX_KEPT - run.count));
      run.count += p - g;
      if (run.groups.length < MAX_KEPT) run.groups.push(p - g);
      run.end = p;
      let q = p;
      while (q < n && q - p < maxSep && isSep(text.charCodeAt(q))) q++;
      if (q === p || q >= n || !isDigit(text.charCodeAt(q))) break;
      if (run.seps.length < MAX_KEPT) run.seps.push(text.slice(p, q));
      p = q;
    }
    visit(run);
    i = nextDigit(text, run.end);
  }
}
