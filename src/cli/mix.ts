import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { type Command, InvalidArgumentError } from "commander";
import { UserError } from "../core/errors.js";
import { computeOptimal, formatBudget, parseParams } from "../mix/budget.js";
import { MIX_REPORT } from "../mix/mix-plan.js";
import type { MixReport } from "../mix/report.js";

const positive = (v: string) => {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError("expected a number > 0");
  return n;
};

/** `winnow mix` and `winnow budget`. */
export function registerMix(program: Command): void {
  program
    .command("mix")
    .description("Mix sources (run outputs or files) into a training set by token proportions and budget, shuffled; writes mix-report.json and DATASHEET.md.")
    .argument("<mix>", "mix file (YAML), e.g. examples/mix.yaml")
    .option("--quiet", "print only the report path")
    .option("--restart", "discard an unfinished or finished mix of another config or input in the output folder and start over")
    .action(async (file: string, o: { quiet?: boolean; restart?: boolean }) => {
      // The mixer (readers, tokenizers, encoders) loads only for this command.
      const [{ loadMix }, { runMix }, { formatMixReport }] = await Promise.all([import("../mix/load.js"), import("../mix/mix.js"), import("../mix/report.js")]);
      const cfg = loadMix(file);
      const report = await runMix(cfg, o.quiet ? undefined : (l) => process.stderr.write(l + "\n"), file, o.restart ?? false);
      if (!o.quiet) console.log(formatMixReport(report));
      console.log(`report: ${join(cfg.output.dir, MIX_REPORT)}`);
    });

  program
    .command("budget")
    .description("Compute-optimal training tokens for a model size (Chinchilla: ~20 tokens per parameter), and how a mix covers them.")
    .requiredOption("--params <n>", "model parameters: 7B, 1.3B, 350M or 7e9")
    .option("--mix <report>", "a mix-report.json (or the mix output folder holding one)")
    .option("--tokens-per-param <n>", "tokens per parameter", positive, 20)
    .option("--json", "print JSON")
    .action((o: { params: string; mix?: string; tokensPerParam: number; json?: boolean }) => {
      const params = parseParams(o.params);
      if (params === undefined) throw new UserError(`--params: expected a model size such as 7B, 1.3B, 350M or 7e9, got "${o.params}"`);
      let mix: MixReport | undefined;
      let mixFile: string | undefined;
      if (o.mix !== undefined) {
        mixFile = existsSync(join(o.mix, MIX_REPORT)) ? join(o.mix, MIX_REPORT) : resolve(o.mix);
        try {
          mix = JSON.parse(readFileSync(mixFile, "utf8")) as MixReport;
        } catch (err) {
          throw new UserError(`--mix: cannot read a mix report from ${mixFile} (${(err as Error).message})`);
        }
        if (!Array.isArray(mix.sources)) throw new UserError(`--mix: ${mixFile} is not a mix-report.json`);
      }
      const b = computeOptimal(params, o.tokensPerParam);
      if (o.json) console.log(JSON.stringify({ ...b, mix_tokens: mix?.used_tokens, coverage: mix ? mix.used_tokens / b.optimal_tokens : undefined }, null, 2));
      else console.log(formatBudget(b, mix, mixFile));
    });
}
