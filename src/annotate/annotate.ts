import { createWriteStream, type WriteStream } from "node:fs";
import { createInterface } from "node:readline";
import { UserError } from "../core/errors.js";
import { compressionOf, openInput } from "../io/input-stream.js";
import { AnswerCache } from "./cache.js";
import { ChatError, chatCompletion, type ChatEndpoint } from "./chat-client.js";
import { parseScore } from "./parse-score.js";
import { renderPrompt } from "./prompt.js";

export interface AnnotateOptions {
  input: string;
  output: string;
  errors: string;
  idField: string;
  textField: string;
  /** Only the first `maxChars` characters of each document are sent (and written). */
  maxChars: number;
  template: string;
  endpoint: ChatEndpoint;
  concurrency: number;
  cache?: string;
  /** US dollars per million prompt / completion tokens, for the cost estimate. */
  pricePromptPerM: number;
  priceCompletionPerM: number;
  minScore: number;
  maxScore: number;
  /** Called about once a second and at the end. */
  onProgress?: (p: AnnotateSummary) => void;
}

export interface AnnotateSummary {
  documents: number;
  done: number;
  annotated: number;
  /** Answers taken from the cache (no request). */
  cached: number;
  errors: number;
  requests: number;
  retries: number;
  promptTokens: number;
  completionTokens: number;
  /** Cost of the requests of this run (cached answers cost nothing). */
  cost: number;
  seconds: number;
}

interface Item {
  id: string;
  text: string;
}

async function readDocs(o: AnnotateOptions): Promise<Item[]> {
  const docs: Item[] = [];
  const rl = createInterface({ input: openInput(o.input, compressionOf(o.input), () => {}), crlfDelay: Infinity });
  let lineNo = 0;
  for await (const line of rl) {
    lineNo++;
    if (line.trim() === "") continue;
    let rec: Record<string, unknown>;
    try {
      rec = JSON.parse(line);
    } catch (err) {
      throw new UserError(`${o.input}:${lineNo}: not valid JSON (${(err as Error).message})`);
    }
    const text = rec[o.textField];
    if (typeof text !== "string") throw new UserError(`${o.input}:${lineNo}: field "${o.textField}" must be a string`);
    const id = rec[o.idField];
    docs.push({ id: id === undefined || id === null ? String(lineNo) : String(id), text: Array.from(text).slice(0, o.maxChars).join("") });
  }
  return docs;
}

function end(stream: WriteStream): Promise<void> {
  return new Promise((resolve, reject) => stream.end((err?: Error | null) => (err ? reject(err) : resolve())));
}

/**
 * FineWeb-Edu-style annotation: each document's first `maxChars` characters go into the
 * prompt; the answer's score and the answer itself are written as
 * `{"id","score","answer","text"}` per line, in input order (answers arriving out of order
 * wait for their predecessors), so that the output is the same for any concurrency. A
 * document whose answer has no valid score, or whose request failed for good, goes to the
 * errors file with the reason (and the answer, if any). Every document lands in exactly
 * one of the two files.
 */
export async function annotate(o: AnnotateOptions): Promise<AnnotateSummary> {
  if (!o.template.includes("{text}")) throw new UserError("prompt template: no {text} placeholder for the document");
  const started = performance.now();
  const docs = await readDocs(o);
  const cache = new AnswerCache(o.cache);
  const s: AnnotateSummary = { documents: docs.length, done: 0, annotated: 0, cached: 0, errors: 0, requests: 0, retries: 0, promptTokens: 0, completionTokens: 0, cost: 0, seconds: 0 };
  const out = createWriteStream(o.output);
  const errs = createWriteStream(o.errors);
  const results: (string | { error: string })[] = new Array(docs.length);
  let flushed = 0;
  const flush = () => {
    while (flushed < docs.length && results[flushed] !== undefined) {
      const r = results[flushed];
      if (typeof r === "string") out.write(r);
      else errs.write(r.error);
      results[flushed] = "";
      flushed++;
    }
  };
  const progress = setInterval(() => o.onProgress?.({ ...s, seconds: (performance.now() - started) / 1000 }), 1000);
  let next = 0;
  let fatal: Error | undefined;
  const worker = async () => {
    while (next < docs.length && !fatal) {
      const i = next++;
      const doc = docs[i];
      const prompt = renderPrompt(o.template, doc.text);
      const key = AnswerCache.key(o.endpoint.model, o.template, doc.text);
      let answer = cache.get(key);
      if (answer) s.cached++;
      else {
        try {
          s.requests++;
          const a = await chatCompletion(o.endpoint, prompt);
          s.retries += a.retries;
          s.promptTokens += a.promptTokens;
          s.completionTokens += a.completionTokens;
          s.cost += (a.promptTokens * o.pricePromptPerM + a.completionTokens * o.priceCompletionPerM) / 1e6;
          answer = { content: a.content, promptTokens: a.promptTokens, completionTokens: a.completionTokens };
          cache.put(key, answer);
        } catch (err) {
          // Authentication and other client errors hold for every document: stop.
          if (err instanceof ChatError && (err.status === 401 || err.status === 403 || err.status === 404)) {
            fatal = new UserError(err.message);
            break;
          }
          s.errors++;
          s.done++;
          results[i] = { error: JSON.stringify({ id: doc.id, reason: (err as Error).message }) + "\n" };
          flush();
          continue;
        }
      }
      const parsed = parseScore(answer.content, o.minScore, o.maxScore);
      if ("score" in parsed) {
        s.annotated++;
        results[i] = JSON.stringify({ id: doc.id, score: parsed.score, answer: answer.content, text: doc.text }) + "\n";
      } else {
        s.errors++;
        results[i] = { error: JSON.stringify({ id: doc.id, reason: parsed.error, answer: answer.content }) + "\n" };
      }
      s.done++;
      flush();
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, o.concurrency) }, worker));
  } finally {
    clearInterval(progress);
    await Promise.all([end(out), end(errs)]);
  }
  if (fatal) throw fatal;
  s.seconds = (performance.now() - started) / 1000;
  o.onProgress?.(s);
  return s;
}
