import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { createGunzip } from "node:zlib";
import { NgramModel } from "./ngram-model.js";

/**
 * Reads an ARPA back-off model (format: SRILM's ngram-format(5); what KenLM's lmplz and
 * IRSTLM's `compile-lm --text=yes` write): a `\data\` header of `ngram k=count` lines, then
 * `\k-grams:` sections of `log10prob w1 … wk [log10backoff]`, then `\end\`. Fields may be
 * separated by tabs or spaces. `.gz` files are gunzipped on the fly.
 */
export async function readArpa(path: string): Promise<NgramModel> {
  let input: NodeJS.ReadableStream = createReadStream(path);
  if (path.endsWith(".gz")) input = input.pipe(createGunzip());
  const lines = createInterface({ input, crlfDelay: Infinity });
  const counts: number[] = [];
  let model: NgramModel | undefined;
  let section = -1; // −1 before \data\, 0 in the header, k in \k-grams:
  const seen: number[] = [];
  let lineNo = 0;
  const fail = (why: string) => new Error(`${path}:${lineNo}: ${why}`);

  for await (const raw of lines) {
    lineNo++;
    const line = raw.trim();
    if (line === "") continue;
    if (line.startsWith("\\")) {
      if (line === "\\data\\") section = 0;
      else if (line === "\\end\\") break;
      else {
        const m = /^\\(\d+)-grams:$/.exec(line);
        if (!m || section < 0) throw fail(`unexpected ${line}`);
        section = Number(m[1]);
        if (section < 1 || section > counts.length) throw fail(`${line} not declared in \\data\\`);
        model ??= new NgramModel(counts);
      }
      continue;
    }
    if (section < 0) continue; // text before \data\ is a comment
    if (section === 0) {
      const m = /^ngram\s+(\d+)\s*=\s*(\d+)$/.exec(line);
      if (!m || Number(m[1]) !== counts.length + 1) throw fail(`expected "ngram ${counts.length + 1}=count", got ${line}`);
      counts.push(Number(m[2]));
      continue;
    }
    const fields = line.split(/\s+/);
    if (fields.length !== section + 1 && fields.length !== section + 2) throw fail(`a ${section}-gram needs ${section + 1} or ${section + 2} fields`);
    const prob = Number(fields[0]);
    const backoff = fields.length === section + 2 ? Number(fields[section + 1]) : 0;
    if (Number.isNaN(prob) || Number.isNaN(backoff)) throw fail("bad number");
    seen[section] = (seen[section] ?? 0) + 1;
    if (section === 1) {
      model!.addUnigram(fields[1], prob, backoff);
      continue;
    }
    const ids = new Array<number>(section);
    for (let i = 0; i < section; i++) {
      const id = model!.ids.get(fields[i + 1]);
      if (id === undefined) throw fail(`${fields[i + 1]} is not a 1-gram`);
      ids[i] = id;
    }
    model!.addNgram(ids, prob, backoff);
  }
  if (!model) throw new Error(`${path}: not an ARPA file (no \\data\\ and \\1-grams:)`);
  counts.forEach((n, k) => {
    if ((seen[k + 1] ?? 0) !== n) throw new Error(`${path}: ${n} ${k + 1}-grams declared, ${seen[k + 1] ?? 0} found`);
  });
  model.finish();
  return model;
}
