import { createReadStream } from "node:fs";
import { createGunzip } from "node:zlib";
import { ByteVocab } from "./byte-vocab.js";
import { NgramModel } from "./ngram-model.js";
import { parseFloatBytes } from "./parse-float.js";

const NEWLINE = 0x0a;
const isSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0b || c === 0x0c;

/**
 * Reads an ARPA back-off model (format: SRILM's ngram-format(5); what KenLM's lmplz and
 * IRSTLM's `compile-lm --text=yes` write): a `\data\` header of `ngram k=count` lines, then
 * `\k-grams:` sections of `log10prob w1 … wk [log10backoff]`, then `\end\`. Fields may be
 * separated by tabs or spaces. `.gz` files are gunzipped on the fly.
 *
 * The file is parsed as bytes, straight into the model's typed arrays: no string per line or
 * per number, and a word is decoded once, as a 1-gram (n-gram words are looked up by bytes).
 */
export async function readArpa(path: string): Promise<NgramModel> {
  let input: NodeJS.ReadableStream = createReadStream(path, { highWaterMark: 1 << 20 });
  if (path.endsWith(".gz")) input = input.pipe(createGunzip({ chunkSize: 1 << 20 }));
  const parser = new ArpaParser(path);
  let carry: Buffer | undefined;
  for await (const chunk of input as AsyncIterable<Buffer>) {
    let from = 0;
    if (carry) {
      const nl = chunk.indexOf(NEWLINE);
      if (nl < 0) {
        carry = Buffer.concat([carry, chunk]);
        continue;
      }
      const line = Buffer.concat([carry, chunk.subarray(0, nl)]);
      carry = undefined;
      if (!parser.line(line, 0, line.length)) break;
      from = nl + 1;
    }
    let done = false;
    for (let nl = chunk.indexOf(NEWLINE, from); nl >= 0; nl = chunk.indexOf(NEWLINE, from)) {
      if (!parser.line(chunk, from, nl)) {
        done = true;
        break;
      }
      from = nl + 1;
    }
    if (done) {
      carry = undefined;
      break;
    }
    if (from < chunk.length) carry = Buffer.from(chunk.subarray(from));
  }
  if (carry) parser.line(carry, 0, carry.length);
  return parser.finish();
}

class ArpaParser {
  private readonly counts: number[] = [];
  private readonly seen: number[] = [];
  private model: NgramModel | undefined;
  private section = -1; // −1 before \data\, 0 in the header, k in \k-grams:
  private lineNo = 0;
  private readonly vocab = new ByteVocab();
  /** Field boundaries of the current line: field f spans starts[f] … ends[f]. */
  private starts = new Int32Array(16);
  private ends = new Int32Array(16);
  /** Word ids of an n-gram, one array per order. */
  private ids: Int32Array[] = [];

  constructor(private readonly path: string) {}

  private fail(why: string): Error {
    return new Error(`${this.path}:${this.lineNo}: ${why}`);
  }

  /** One line, buf[from … to) without its newline; false once `\end\` is reached. */
  line(buf: Buffer, from: number, to: number): boolean {
    this.lineNo++;
    while (from < to && isSpace(buf[from])) from++;
    while (to > from && isSpace(buf[to - 1])) to--;
    if (from === to) return true;
    if (buf[from] === 0x5c /* \ */) return this.marker(buf.toString("utf8", from, to));
    const section = this.section;
    if (section < 0) return true; // text before \data\ is a comment
    if (section === 0) {
      this.header(buf.toString("utf8", from, to));
      return true;
    }
    // Split on spaces and tabs, at most section + 2 fields.
    const { starts, ends } = this;
    let fields = 0;
    for (let i = from; i < to; ) {
      while (i < to && isSpace(buf[i])) i++;
      if (i === to) break;
      if (fields === section + 2) throw this.fail(`a ${section}-gram needs ${section + 1} or ${section + 2} fields`);
      starts[fields] = i;
      while (i < to && !isSpace(buf[i])) i++;
      ends[fields++] = i;
    }
    if (fields !== section + 1 && fields !== section + 2) throw this.fail(`a ${section}-gram needs ${section + 1} or ${section + 2} fields`);
    const prob = parseFloatBytes(buf, starts[0], ends[0]);
    const backoff = fields === section + 2 ? parseFloatBytes(buf, starts[section + 1], ends[section + 1]) : 0;
    if (Number.isNaN(prob) || Number.isNaN(backoff)) throw this.fail("bad number");
    this.seen[section]++;
    const model = this.model!;
    if (section === 1) {
      const word = buf.toString("utf8", starts[1], ends[1]);
      model.addUnigram(word, prob, backoff);
      this.vocab.add(buf, starts[1], ends[1], model.ids.get(word)!);
      return true;
    }
    const ids = this.ids[section];
    for (let i = 0; i < section; i++) {
      const id = this.vocab.find(buf, starts[i + 1], ends[i + 1]);
      if (id < 0) throw this.fail(`${buf.toString("utf8", starts[i + 1], ends[i + 1])} is not a 1-gram`);
      ids[i] = id;
    }
    model.addNgram(ids, prob, backoff);
    return true;
  }

  private marker(line: string): boolean {
    if (line === "\\data\\") this.section = 0;
    else if (line === "\\end\\") return false;
    else {
      const m = /^\\(\d+)-grams:$/.exec(line);
      if (!m || this.section < 0) throw this.fail(`unexpected ${line}`);
      const section = Number(m[1]);
      if (section < 1 || section > this.counts.length) throw this.fail(`${line} not declared in \\data\\`);
      this.section = section;
      if (!this.model) {
        this.model = new NgramModel(this.counts);
        const n = this.counts.length;
        this.starts = new Int32Array(n + 2);
        this.ends = new Int32Array(n + 2);
        this.ids = Array.from({ length: n + 1 }, (_, k) => new Int32Array(k));
        for (let k = 0; k <= n; k++) this.seen[k] = 0;
      }
    }
    return true;
  }

  private header(line: string): void {
    const m = /^ngram\s+(\d+)\s*=\s*(\d+)$/.exec(line);
    const next = this.counts.length + 1;
    if (!m || Number(m[1]) !== next) throw this.fail(`expected "ngram ${next}=count", got ${line}`);
    this.counts.push(Number(m[2]));
  }

  finish(): NgramModel {
    const { model, path, counts, seen } = this;
    if (!model) throw new Error(`${path}: not an ARPA file (no \\data\\ and \\1-grams:)`);
    counts.forEach((n, k) => {
      if (seen[k + 1] !== n) throw new Error(`${path}: ${n} ${k + 1}-grams declared, ${seen[k + 1]} found`);
    });
    model.finish();
    return model;
  }
}
