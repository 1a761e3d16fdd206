/**
 * Line and paragraph splitting with the exact semantics of the Python calls the reference
 * filters make, returned as spans (`[start, end)` pairs in UTF-16 units) to avoid copying.
 */

/** Flat list of spans: span i is `[at[2i], at[2i+1])`. */
export interface Spans {
  count: number;
  at: Int32Array;
}

export class SpanBuilder {
  private at = new Int32Array(64);
  private n = 0;
  push(start: number, end: number): void {
    if (this.n * 2 + 2 > this.at.length) {
      const grown = new Int32Array(this.at.length * 2);
      grown.set(this.at);
      this.at = grown;
    }
    this.at[this.n * 2] = start;
    this.at[this.n * 2 + 1] = end;
    this.n++;
  }
  done(): Spans {
    return { count: this.n, at: this.at };
  }
}

/** Python's line boundaries besides "\n"; texts without them split with `indexOf`. */
const RARE_BREAKS = /[\r\v\f\x1c-\x1e\x85\u2028\u2029]/;

/** Python `str.splitlines()`: breaks on \n, \r, \r\n, \v, \f, \x1c–\x1e, \x85, U+2028, U+2029; no empty last line. */
export function splitLines(text: string): Spans {
  if (!RARE_BREAKS.test(text)) {
    const spans = splitOn(text, 0x0a);
    // split("\n") ends with the part after the last "\n"; splitlines drops it when empty.
    if (spans.count > 0 && spans.at[2 * spans.count - 2] === text.length) spans.count--;
    return spans;
  }
  const out = new SpanBuilder();
  let start = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c > 0x0d && c !== 0x1c && c !== 0x1d && c !== 0x1e && c !== 0x85 && c !== 0x2028 && c !== 0x2029) continue;
    if (c < 0x0a) continue;
    out.push(start, i);
    if (c === 0x0d && i + 1 < n && text.charCodeAt(i + 1) === 0x0a) i++;
    start = i + 1;
  }
  if (start < n) out.push(start, n);
  return out.done();
}

/** Python `text.split(sep)` for a one-character separator: always at least one (maybe empty) part. */
export function splitOn(text: string, sep: number): Spans {
  const out = new SpanBuilder();
  const ch = String.fromCharCode(sep);
  let start = 0;
  for (let i = text.indexOf(ch); i !== -1; i = text.indexOf(ch, start)) {
    out.push(start, i);
    start = i + 1;
  }
  out.push(start, text.length);
  return out.done();
}

/**
 * Python `re.split(sep + "{min,}", text)` for a one-character separator: runs of at least
 * `min` separators split; shorter runs stay inside the parts.
 */
export function splitOnRuns(text: string, sep: number, min: number, start = 0, end = text.length): Spans {
  const out = new SpanBuilder();
  const ch = String.fromCharCode(sep);
  let partStart = start;
  let i = text.indexOf(ch, start);
  while (i !== -1 && i < end) {
    let j = i + 1;
    while (j < end && text.charCodeAt(j) === sep) j++;
    if (j - i >= min) {
      out.push(partStart, i);
      partStart = j;
    }
    i = j < end ? text.indexOf(ch, j) : -1;
  }
  out.push(partStart, end);
  return out.done();
}
