import { readFileSync } from "node:fs";
import { type Command, InvalidArgumentError } from "commander";
import { UserError } from "../core/errors.js";
import type { AnnotateSummary } from "../annotate/annotate.js";

const num = (v: string) => {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError("expected a number ≥ 0");
  return n;
};
const int = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError("expected a whole number ≥ 1");
  return n;
};

const line = (s: AnnotateSummary) =>
  `${s.done}/${s.documents} documents: ${s.annotated} scored, ${s.errors} errors, ${s.cached} from cache, ${s.requests} requests (${s.retries} retries), tokens ${s.promptTokens} in + ${s.completionTokens} out, $${s.cost.toFixed(4)}, ${s.seconds.toFixed(0)} s`;

/** `winnow annotate`: the CLI around src/annotate. */
export function registerAnnotate(program: Command): void {
  program
    .command("annotate")
    .description("Score documents with an LLM through an OpenAI-compatible chat-completions API (FineWeb-Edu's 0–5 rubric by default).")
    .argument("<input>", "JSONL documents (.jsonl, .gz, .zst)")
    .requiredOption("-o, --output <file>", "annotations: one {id, score, answer, text} per line")
    .requiredOption("--base-url <url>", "API base, e.g. https://api.openai.com/v1 or http://localhost:8000/v1")
    .requiredOption("--model <name>", "model name the API serves")
    .option("--api-key-env <VAR>", "environment variable holding the API key", "OPENAI_API_KEY")
    .option("--errors <file>", "documents without a valid score, with the reason (default <output>.errors.jsonl)")
    .option("--prompt-file <file>", "prompt template with {text} where the extract goes (default: FineWeb-Edu's)")
    .option("--max-chars <n>", "characters of each document sent", int, 10000)
    .option("--concurrency <n>", "requests in flight", int, 8)
    .option("--cache <file>", "answer cache (JSONL) so reruns cost nothing (default <output>.cache.jsonl)")
    .option("--max-retries <n>", "retries on 429, 5xx and timeouts", num, 6)
    .option("--timeout <seconds>", "per request", num, 120)
    .option("--max-tokens <n>", "answer length limit", int, 512)
    .option("--temperature <t>", "sampling temperature", num, 0)
    .option("--price-input <usd>", "US$ per 1M prompt tokens, for the cost estimate", num, 0)
    .option("--price-output <usd>", "US$ per 1M completion tokens", num, 0)
    .option("--id-field <name>", "document id field", "id")
    .option("--text-field <name>", "document text field", "text")
    .option("--max-score <n>", "highest valid score", num, 5)
    .action(async (input: string, o: Record<string, any>) => {
      const apiKey = process.env[o.apiKeyEnv];
      if (apiKey === undefined) process.stderr.write(`winnow annotate: $${o.apiKeyEnv} is not set; sending no Authorization header\n`);
      const [{ annotate }, { FINEWEB_EDU_PROMPT }] = await Promise.all([import("../annotate/annotate.js"), import("../annotate/prompt.js")]);
      let template = FINEWEB_EDU_PROMPT;
      if (o.promptFile) {
        try {
          template = readFileSync(o.promptFile, "utf8");
        } catch (err) {
          throw new UserError(`--prompt-file: ${(err as Error).message}`);
        }
      }
      const tty = process.stderr.isTTY;
      const s = await annotate({
        input,
        output: o.output,
        errors: o.errors ?? `${o.output}.errors.jsonl`,
        cache: o.cache ?? `${o.output}.cache.jsonl`,
        idField: o.idField,
        textField: o.textField,
        maxChars: o.maxChars,
        template,
        concurrency: o.concurrency,
        pricePromptPerM: o.priceInput,
        priceCompletionPerM: o.priceOutput,
        minScore: 0,
        maxScore: o.maxScore,
        endpoint: {
          baseUrl: o.baseUrl, model: o.model, apiKey, maxTokens: o.maxTokens, temperature: o.temperature,
          timeoutMs: o.timeout * 1000, maxRetries: o.maxRetries, backoffMs: 1000, maxBackoffMs: 60_000,
        },
        onProgress: (p) => process.stderr.write(tty ? `\r${line(p)}` : `${line(p)}\n`),
      });
      if (tty) process.stderr.write("\n");
      console.log(line(s));
    });
}
