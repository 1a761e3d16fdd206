/**
 * What `JSON.stringify(s)` puts between the quotes, the same characters, faster for prose.
 * V8's (Node 20) stringify escapes at about 300 MB/s; text that needs only the common escapes
 * (backslash, quote, newline, tab) is escaped here with `replaceAll`, which copies at memory
 * speed: stringify + UTF-8 encoding of the benchmark corpus takes about a third less CPU
 * (BENCHMARKS.md, Pipeline notes). No quotes are added, so that a caller writing the pieces
 * of a line does not have to join (copy) them first.
 */
export function escapeJsonText(s: string): string {
  // What else JSON.stringify escapes: the other control characters (as \b \f \r or \u00XX)
  // and lone surrogates (as \udXXX). Paired surrogates stay as they are in both.
  if (OTHER_ESCAPES.test(s)) return JSON.stringify(s).slice(1, -1);
  // Backslashes first: the escapes added after them must not be escaped again.
  if (s.includes("\\")) s = s.replaceAll("\\", "\\\\");
  if (s.includes('"')) s = s.replaceAll('"', '\\"');
  if (s.includes("\n")) s = s.replaceAll("\n", "\\n");
  if (s.includes("\t")) s = s.replaceAll("\t", "\\t");
  return s;
}

const OTHER_ESCAPES = /[\x00-\x08\x0b-\x1f\ud800-\udfff]/;
