import { Command, InvalidArgumentError } from "commander";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { loadPipeline } from "../config/load.js";
import { UserError } from "../core/errors.js";
import { registry, stepNames } from "../core/registry.js";
import { readManifest } from "../run/manifest.js";
import { RUN_FILE, isStageTaskDone } from "../run/run-dir.js";
import { ledgerBalance } from "../stats/task-stats.js";
import { WINNOW_VERSION } from "../run/manifest.js";
import { registerTrainClassifier } from "./train-classifier.js";
import { registerAnnotate } from "./annotate.js";
import { registerTrainLm } from "./train-lm.js";
import { registerLmCompile } from "./lm-compile.js";
import { registerDsir } from "./dsir-fit.js";
import { registerMix } from "./mix.js";

// A command's implementation is imported when that command runs: every process (a worker's
// `run-task` included) would otherwise load the engine, report, server, mixer and Slurm code.

/** Exit codes scripts can rely on. */
export const EXIT = { ok: 0, failed: 1, usage: 2, ledger: 3, interrupted: 130 } as const;

const positiveInt = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError("expected a whole number ≥ 1");
  return n;
};
const nonNegativeInt = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError("expected a whole number ≥ 0");
  return n;
};

const program = new Command("winnow")
  .description("Curate web-scale text into LLM training data.")
  .version(WINNOW_VERSION)
  .showHelpAfterError();

program
  .command("run")
  .description("Run a pipeline; resumes an unfinished run in the same output directory.")
  .argument("<pipeline>", "pipeline file (YAML)")
  .option("-w, --workers <n>", "worker threads (default: available cores)", positiveInt)
  .option("--restart", "discard an existing run in the output directory and start over")
  .option("--progress <mode>", "bar | lines | off (default: bar on a terminal, lines otherwise)")
  .option("--executor <name>", "local | slurm (default: the pipeline's executor, else local)")
  .option("--wait", "slurm: wait for the jobs and print the summary")
  .action(async (file: string, o: { workers?: number; restart?: boolean; progress?: string; executor?: string; wait?: boolean }) => {
    if (o.executor !== undefined && o.executor !== "local" && o.executor !== "slurm") throw new UserError(`--executor: expected local or slurm, got "${o.executor}"`);
    const cfg = loadPipeline(file);
    const mode = o.progress ?? (process.stderr.isTTY ? "bar" : "lines");
    if (!["bar", "lines", "off"].includes(mode)) throw new UserError(`--progress: expected bar, lines or off, got "${mode}"`);
    const controller = new AbortController();
    let interrupts = 0;
    const onSigint = () => {
      if (++interrupts > 1) process.exit(EXIT.interrupted);
      process.stderr.write("\nstopping: finishing nothing new, keeping finished tasks (Ctrl-C again to quit at once)\n");
      controller.abort();
    };
    process.on("SIGINT", onSigint);
    process.on("SIGTERM", onSigint);
    const [{ runPipeline }, { formatSummary }] = await Promise.all([import("../run/run-pipeline.js"), import("../run/summary.js")]);
    const summary = await runPipeline(cfg, {
      workers: o.workers,
      restart: o.restart,
      progress: mode as "bar" | "lines" | "off",
      signal: controller.signal,
      executor: o.executor as "local" | "slurm" | undefined,
      wait: o.wait,
    });
    process.off("SIGINT", onSigint);
    process.off("SIGTERM", onSigint);
    console.log(formatSummary(summary));
    const complete = summary.tasksDone === summary.tasksTotal;
    const ledgerOk = ledgerBalance(summary.totals).ok;
    process.exitCode = !ledgerOk ? EXIT.ledger : summary.interrupted ? EXIT.interrupted : complete || summary.submitted ? EXIT.ok : EXIT.failed;
  });

program
  .command("validate")
  .description("Check a pipeline file and print the resolved configuration.")
  .argument("<pipeline>", "pipeline file (YAML)")
  .option("--quiet", "print nothing when valid")
  .action((file: string, o: { quiet?: boolean }) => {
    const cfg = loadPipeline(file);
    if (!o.quiet) {
      console.log(`${file}: valid`);
      console.log(JSON.stringify({ ...cfg, baseDir: undefined }, null, 2));
    }
  });

program
  .command("inspect")
  .description("Show samples of kept, removed or failed documents of a run.")
  .argument("<run-dir>", "run directory")
  .option("--step <name>", "removed documents of this step")
  .option("--reason <reason>", "only this removal reason")
  .option("--kept", "kept documents")
  .option("--errors", "error records")
  .option("-n, --count <n>", "how many", positiveInt, 5)
  .option("--chars <n>", "characters of text to show", nonNegativeInt, 500)
  .action(async (dir: string, o: { step?: string; reason?: string; kept?: boolean; errors?: boolean; count: number; chars: number }) => {
    const { inspect } = await import("./inspect.js");
    await inspect(resolve(dir), { ...o, n: o.count }, (l) => console.log(l));
  });

program
  .command("report")
  .description("Write <run-dir>/report.html: funnel, removals, errors, time, languages, lengths, signals and removed text of a run.")
  .argument("<run-dir>", "run directory")
  .option("--sample <n>", "documents read at most from output/ and from each removed/<step>/", positiveInt, 1000)
  .action(async (dir: string, o: { sample: number }) => {
    const { writeReport } = await import("../report/write-report.js");
    console.log(await writeReport(resolve(dir), { sample: o.sample }));
  });

program
  .command("serve")
  .description("Explore a run in the browser: kept, removed and error documents, why each was removed, what-if thresholds.")
  .argument("<run-dir>", "run directory")
  .option("-p, --port <n>", "port (0: any free port)", nonNegativeInt, 8080)
  .option("--host <address>", "address to bind", "127.0.0.1")
  .option("--allow-remote", "allow a non-loopback --host (the documents become readable by anyone who reaches it)")
  .action(async (dir: string, o: { port: number; host: string; allowRemote?: boolean }) => (await import("./serve.js")).serve(dir, o));

program
  .command("status")
  .description("Show the tasks of each stage of a run: done, and on Slurm running, pending and failed (with the end of their log).")
  .argument("<run-dir>", "run directory")
  .action(async (dir: string) => {
    const runDir = resolve(dir);
    const manifest = loadRun(runDir);
    const [{ queuedJobs }, { activeJobs, readJobs, slurmDir, taskLog }] = await Promise.all([import("../executor/slurm/slurm-cli.js"), import("../executor/slurm/submit.js")]);
    const slurm = existsSync(join(slurmDir(runDir), "jobs.json"));
    const queue = slurm ? queuedJobs(activeJobs(runDir)) : new Map<string, string[]>();
    let complete = true;
    for (const stage of manifest.stages) {
      const notDone: number[] = [];
      for (let t = 0; t < stage.tasks; t++) if (!isStageTaskDone(runDir, manifest.config.steps, stage, t)) notDone.push(t);
      complete &&= notDone.length === 0;
      const jobs = readJobs(runDir).submitted.filter((j) => j.stage === stage.name && queue.has(j.job));
      const states = jobs.flatMap((j) => queue.get(j.job)!);
      const running = states.filter((s) => s === "RUNNING").length;
      const queued = states.length - running;
      const extra = slurm ? ` · ${running} running, ${queued} pending in Slurm` : "";
      console.log(`${manifest.config.name} ${stage.name}: ${stage.tasks - notDone.length}/${stage.tasks} tasks done${extra}`);
      if (slurm && jobs.length === 0) {
        for (const t of notDone.slice(0, 5)) {
          const log = taskLog(runDir, stage.name, t);
          if (!log || !existsSync(log)) continue;
          const tail = readFileSync(log, "utf8").trimEnd().split("\n").slice(-5).join("\n    ");
          console.log(`  failed task ${t} (${log}):\n    ${tail}`);
        }
      }
    }
    if (!complete) process.exitCode = EXIT.failed;
  });

program
  .command("cancel")
  .description("Cancel the Slurm jobs of a run (finished tasks stay finished).")
  .argument("<run-dir>", "run directory")
  .action(async (dir: string) => {
    const runDir = resolve(dir);
    loadRun(runDir);
    const { activeJobs } = await import("../executor/slurm/submit.js");
    const active = activeJobs(runDir);
    if (active.length) execFileSync("scancel", active);
    console.log(active.length ? `cancelled jobs ${active.join(", ")}` : "no job of this run is in the Slurm queue");
  });

program
  .command("run-task")
  .description("Run one task of one stage of a planned run in this process (used by cluster executors).")
  .argument("<run-dir>", "run directory")
  .requiredOption("--task <n>", "task index", nonNegativeInt)
  .option("--stage <name>", "stage name (see winnow status; default: the last stage)")
  .action(async (dir: string, o: { task: number; stage?: string }) => {
    const manifest = loadRun(dir);
    const stageIndex = o.stage === undefined ? manifest.stages.length - 1 : manifest.stages.findIndex((s) => s.name === o.stage);
    if (stageIndex === -1) throw new UserError(`--stage: no stage "${o.stage}" (stages: ${manifest.stages.map((s) => s.name).join(", ")})`);
    const stage = manifest.stages[stageIndex];
    if (o.task >= stage.tasks) throw new UserError(`--task: stage ${stage.name} has ${stage.tasks} tasks (0–${stage.tasks - 1})`);
    const { runTask } = await import("../run/task-runner.js");
    const stats = await runTask(resolve(dir), manifest, o.task, { signal: new AbortController().signal }, stageIndex);
    console.log(`${stage.name} task ${o.task}: read ${stats.read + stats.received}, kept ${stats.kept}, forwarded ${stats.forwarded}, errors ${stats.errors}`);
  });

program
  .command("decontaminate")
  .description("Report which benchmark test items a corpus contains, and in which documents (reads only; writes a JSON report).")
  .argument("<benchmarks>", "benchmark set (YAML: benchmarks, ngram, min_item_words, min_matches), e.g. examples/benchmarks.yaml")
  .argument("<corpus...>", "files, folders, globs or run directories (their output/)")
  .option("-o, --out <file>", "report file", "contamination.json")
  .option("--text-key <key>", "field holding the text", "text")
  .option("--id-key <key>", "field holding the document id", "id")
  .option("--cache-dir <dir>", "where built indexes are kept", ".winnow-cache/decontam")
  .option("--no-cache", "build the index, neither load nor save it")
  .action(async (set: string, corpus: string[], o: { out: string; textKey: string; idKey: string; cacheDir: string; cache: boolean }) =>
    (await import("../decontam/command.js")).decontaminateCommand(set, corpus, o),
  );

program
  .command("steps")
  .description("List the steps a pipeline can use.")
  .action(() => {
    for (const name of stepNames()) console.log(`${name.padEnd(20)} ${registry.get(name)!.summary}`);
  });

program
  .command("schema")
  .description("Print the JSON Schema of pipeline files (for editor completion).")
  .action(async () => console.log(JSON.stringify((await import("../config/json-schema.js")).pipelineJsonSchema(), null, 2)));

const train = program.command("train").description("Train the models that steps use.");
registerTrainClassifier(train);
registerTrainLm(train);
registerLmCompile(program);
registerAnnotate(program);
registerDsir(program);
registerMix(program);

function loadRun(dir: string) {
  if (!existsSync(resolve(dir, RUN_FILE))) throw new UserError(`${dir} is not a winnow run directory (no ${RUN_FILE})`);
  return readManifest(resolve(dir));
}

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof UserError) {
    process.stderr.write(`winnow: ${err.message}\n`);
    process.exitCode = err.exitCode;
  } else {
    throw err;
  }
}
