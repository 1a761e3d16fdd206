/** Sentence ends at which NeMo Curator extends a cut (`TaskDecontamination._split_text`). */
function isSentenceEnd(c: number): boolean {
  return c === 46 || c === 33 || c === 63; // . ! ?
}

export interface CutResult {
  /** The text left between cuts, each longer than the minimum, in order. */
  fragments: string[];
  /** Characters cut, and fragments dropped for being too short. */
  removedChars: number;
}

/**
 * Removes matched spans the way NeMo Curator's `TaskDecontamination` does: each span plus
 * `window` characters on each side (`remove_char_each_side`, 200), the cut widened outward to
 * the nearest `.`, `!` or `?` (kept with the text before it) — to the text's start or end when
 * there is none — and the text split there. A fragment is kept only when longer than
 * `minFragment` characters (`len(fragment) > min_document_length`, 200). Overlapping cuts merge.
 */
export function cutSpans(text: string, spans: readonly { start: number; end: number }[], window: number, minFragment: number): CutResult {
  const cuts = spans.map((s) => cutAround(text, s.start, s.end, window)).sort((a, b) => a[0] - b[0]);
  const fragments: string[] = [];
  let kept = 0;
  let from = 0;
  const keep = (a: number, b: number) => {
    if (b - a > minFragment) {
      fragments.push(text.slice(a, b));
      kept += b - a;
    }
  };
  for (const [a, b] of cuts) {
    if (a > from) keep(from, a);
    from = Math.max(from, b);
  }
  if (from < text.length) keep(from, text.length);
  return { fragments, removedChars: text.length - kept };
}

/** The [start, end) to cut for one span. */
function cutAround(text: string, start: number, end: number, window: number): [number, number] {
  let a = start - window;
  while (a > 0 && !isSentenceEnd(text.charCodeAt(a))) a--;
  let b = end + window;
  while (b < text.length && !isSentenceEnd(text.charCodeAt(b))) b++;
  return [a > 0 ? a + 1 : 0, Math.min(b + 1, text.length)];
}
