import { type Command, InvalidArgumentError } from "commander";
import { DSIR_BUCKETS } from "../dsir/ngram-hash.js";

interface Options {
  target: string[];
  raw: string[];
  out: string;
  buckets: number;
  textKey: string;
}

const positiveInt = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError("expected a positive integer");
  return n;
};

/** `winnow dsir fit`: the target and raw hashed n-gram models that the `dsir` steps load. */
export function registerDsir(program: Command): void {
  const dsir = program.command("dsir").description("Data selection by importance resampling (DSIR, Xie et al. 2023).");
  dsir
    .command("fit")
    .description("Count hashed unigrams + bigrams of a target corpus and of the raw corpus; write the model the dsir steps use.")
    .requiredOption("--target <files...>", "text like the data you want (JSONL: one document per record; other files: one per line)")
    .requiredOption("--raw <files...>", "the corpus to select from, or a sample of it (same formats)")
    .requiredOption("-o, --out <model.json>", "model file to write")
    .option("--buckets <n>", `hash buckets (${DSIR_BUCKETS}, the DSIR paper's)`, positiveInt, DSIR_BUCKETS)
    .option("--text-key <key>", "JSONL field holding the text", "text")
    .action(async (o: Options) => {
      const { fitDsir } = await import("../dsir/fit.js");
      const model = await fitDsir(o.target, o.raw, { buckets: o.buckets, textKey: o.textKey });
      model.save(o.out);
      const side = (name: string, c: { docs: number; ngrams: number; bytes: number }) =>
        `${name} ${c.docs} documents, ${c.ngrams} n-grams, ${(c.bytes / 1e6).toFixed(1)} MB`;
      console.log(`${o.out}: ${side("target", model.target)}; ${side("raw", model.raw)}; ${model.buckets} buckets`);
    });
}
