import type { Command } from "commander";
import { UserError } from "../core/errors.js";

/** `winnow lm compile`: an ARPA model to winnow's binary form (.wlm), which the perplexity step loads without parsing. */
export function registerLmCompile(program: Command): void {
  program
    .command("lm")
    .description("n-gram language model tools")
    .command("compile")
    .description("Convert an ARPA model (.arpa or .arpa.gz) to winnow's binary form (.wlm): same scores, loaded without parsing.")
    .argument("<model.arpa>", "ARPA model to read")
    .requiredOption("-o, --output <model.wlm>", "binary model to write")
    .action(async (input: string, o: { output: string }) => {
      const t0 = process.cpuUsage();
      const [{ readArpa }, { writeWlm }] = await Promise.all([import("../lm/arpa.js"), import("../lm/wlm.js")]);
      const model = await readArpa(input).catch((err: Error) => {
        throw new UserError(err.message);
      });
      await writeWlm(model, o.output);
      const cpu = process.cpuUsage(t0);
      console.log(`${o.output}: ${model.order}-gram, ${model.vocabularySize} words, n-grams ${model.counts.join(" / ")}; ${((cpu.user + cpu.system) / 1e6).toFixed(1)} CPU-s`);
    });
}
