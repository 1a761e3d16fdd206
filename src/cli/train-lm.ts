import { type Command, InvalidArgumentError } from "commander";
import { UserError } from "../core/errors.js";

const order = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 10) throw new InvalidArgumentError("expected a whole number from 1 to 10");
  return n;
};

/** `winnow train lm`: the CLI around src/lm/train. */
export function registerTrainLm(train: Command): void {
  train
    .command("lm")
    .description("Train an interpolated modified Kneser-Ney n-gram LM (ARPA) for the perplexity step, on the words it scores.")
    .argument("<inputs...>", "training text: plain text files (one sentence per line) or JSONL (.jsonl: each line of the text field is a sentence); .gz allowed")
    .requiredOption("-o, --output <model.arpa>", "ARPA file to write (.gz: gzipped)")
    .option("-n, --order <n>", "n-gram order", order, 5)
    .option("--format <text|jsonl>", "input format (default: jsonl for .jsonl/.json names, else text)")
    .option("--text-key <name>", "JSONL text field", "text")
    .option("--binary <model.wlm>", "also write the model in winnow's binary form (as `winnow lm compile`), which loads without parsing")
    .action(async (inputs: string[], o: { output: string; order: number; format?: string; textKey: string; binary?: string }) => {
      if (o.format !== undefined && o.format !== "text" && o.format !== "jsonl") throw new UserError(`--format: expected text or jsonl, got "${o.format}"`);
      const t0 = process.cpuUsage();
      const [{ trainLm }, { readArpa }, { writeWlm }] = await Promise.all([import("../lm/train/index.js"), import("../lm/arpa.js"), import("../lm/wlm.js")]);
      const r = await trainLm(inputs, o.output, { order: o.order, format: o.format as "text" | "jsonl" | undefined, textKey: o.textKey });
      if (o.binary !== undefined) await writeWlm(await readArpa(o.output), o.binary);
      const cpu = process.cpuUsage(t0);
      console.log(`${o.output}${o.binary !== undefined ? ` and ${o.binary}` : ""}: ${r.sentences} sentences, ${r.tokens} tokens, ${r.vocabulary} words; n-grams ${r.ngrams.join(" / ")}; ${((cpu.user + cpu.system) / 1e6).toFixed(1)} CPU-s`);
      for (const d of r.discounts) {
        console.log(`  order ${d.order}: D1 ${d.d1.toFixed(4)} D2 ${d.d2.toFixed(4)} D3+ ${d.d3plus.toFixed(4)}${d.fallback ? " (fallback: too few n-grams to estimate)" : ""}`);
      }
    });
}
