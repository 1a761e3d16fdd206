import { resolve } from "node:path";
import { writeJsonAtomic } from "../run/run-dir.js";
import { loadBenchmarkSet, scanCorpus } from "./scan.js";
import { formatFindings } from "./tally.js";

/** `winnow decontaminate <benchmarks> <corpus...>`: prints the per-benchmark table, writes the JSON report. */
export async function decontaminateCommand(
  setFile: string,
  corpus: string[],
  o: { out: string; textKey: string; idKey: string; cacheDir: string; cache: boolean },
): Promise<void> {
  const set = loadBenchmarkSet(setFile);
  const report = await scanCorpus(set, corpus, {
    textKey: o.textKey,
    idKey: o.idKey,
    cacheDir: o.cache ? resolve(o.cacheDir) : undefined,
    log: (l) => process.stderr.write(l + "\n"),
  });
  writeJsonAtomic(resolve(o.out), report);
  console.log(formatFindings(report));
  console.log(`report: ${resolve(o.out)}`);
}
