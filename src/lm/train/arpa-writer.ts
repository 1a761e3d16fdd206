import { rename } from "node:fs/promises";
import { createWriteStream } from "node:fs";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";
import type { EstimatedModel } from "./kneser-ney.js";

/** Fixed six decimals: byte-identical output on every platform, well under the 1e-4 tests ask. */
function fmt(x: number): string {
  const s = x.toFixed(6);
  return s === "-0.000000" ? "0.000000" : s;
}

/**
 * The model as ARPA text (the format of `readArpa`): each order's n-grams sorted by their words
 * (code-unit order, word by word), so the output does not depend on the order of the corpus.
 */
export function* arpaChunks(model: EstimatedModel): Generator<string> {
  const { words, orders } = model;
  // Rank of each word id in sorted order, so n-grams sort by comparing integer ranks.
  const byWord = words.map((_, i) => i).sort((a, b) => (words[a] < words[b] ? -1 : words[a] > words[b] ? 1 : 0));
  const rank = new Uint32Array(words.length);
  byWord.forEach((id, i) => (rank[id] = i));

  yield `\\data\\\n${orders.map((o, i) => `ngram ${i + 1}=${o.counts.size}\n`).join("")}`;
  for (let k = 1; k <= orders.length; k++) {
    const { counts, log10Prob, log10Backoff } = orders[k - 1];
    const rows = counts.rows;
    const perm = new Uint32Array(counts.size);
    for (let r = 0; r < perm.length; r++) perm[r] = r;
    perm.sort((a, b) => {
      for (let i = 0; i < k; i++) {
        const d = rank[rows[a * k + i]] - rank[rows[b * k + i]];
        if (d !== 0) return d;
      }
      return 0;
    });
    let chunk = `\n\\${k}-grams:\n`;
    for (const r of perm) {
      let line = fmt(log10Prob[r]) + "\t" + words[rows[r * k]];
      for (let i = 1; i < k; i++) line += " " + words[rows[r * k + i]];
      const b = log10Backoff[r];
      chunk += Number.isNaN(b) ? line + "\n" : line + "\t" + fmt(b) + "\n";
      if (chunk.length > 1 << 16) {
        yield chunk;
        chunk = "";
      }
    }
    yield chunk;
  }
  yield "\n\\end\\\n";
}

/** Writes the ARPA file (gzipped when `path` ends in .gz) through a temporary file and a rename. */
export async function writeArpa(model: EstimatedModel, path: string): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}`;
  const out = createWriteStream(tmp);
  if (path.endsWith(".gz")) await pipeline(arpaChunks(model), createGzip(), out);
  else await pipeline(arpaChunks(model), out);
  await rename(tmp, path);
}
