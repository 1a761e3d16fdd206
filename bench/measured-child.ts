/**
 * Runs a Node script in a child process and measures it from outside: wall clock (spawn to
 * exit, so startup and planning count, as a user would see them), peak RSS of the whole
 * process and its CPU time. Peak RSS comes from GNU `time -v` when the machine has it, else
 * from `usage-wrapper.js`, which reads `process.resourceUsage()` in the child at exit.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { REPORT_PREFIX } from "./usage-wrapper.js";

export interface ChildMeasure {
  wallSeconds: number;
  peakRssBytes: number;
  /** User + system CPU time of every thread: above wallSeconds means more than one core was busy. */
  cpuSeconds: number;
  stdout: string;
  stderr: string;
}

const GNU_TIME = "/usr/bin/time";
const WRAPPER = fileURLToPath(new URL("./usage-wrapper.js", import.meta.url));

let gnuTime: boolean | undefined;
/** GNU time, not a shell builtin or busybox: it must accept `-v` and print the RSS line. */
export function hasGnuTime(): boolean {
  if (gnuTime === undefined) {
    const probe = existsSync(GNU_TIME) ? spawnSync(GNU_TIME, ["-v", "true"], { encoding: "utf8" }) : undefined;
    gnuTime = probe?.status === 0 && /Maximum resident set size/.test(probe.stderr);
  }
  return gnuTime;
}

export function measureMethod(): string {
  return hasGnuTime() ? "`/usr/bin/time -v` (maximum resident set size)" : "`process.resourceUsage().maxRSS` in the child";
}

/** Runs `node <script> <args>`; throws with the child's stderr when it fails. */
export function runMeasured(script: string, args: string[], cwd: string): ChildMeasure {
  const useTime = hasGnuTime();
  const command = useTime ? GNU_TIME : process.execPath;
  const argv = useTime ? ["-v", process.execPath, script, ...args] : [WRAPPER, script, ...args];
  const t0 = performance.now();
  const r = spawnSync(command, argv, { cwd, encoding: "utf8", maxBuffer: 64 << 20, env: { ...process.env, FORCE_COLOR: "0" } });
  const wallSeconds = (performance.now() - t0) / 1000;
  if (r.error) throw r.error;
  if (r.status !== 0) {
    throw new Error(`${script} ${args.join(" ")} exited with ${r.status ?? r.signal}\n${r.stdout}\n${r.stderr}`);
  }
  const usage = useTime ? fromGnuTime(r.stderr) : fromWrapper(r.stderr);
  return { wallSeconds, ...usage, stdout: r.stdout, stderr: r.stderr };
}

function fromGnuTime(stderr: string): { peakRssBytes: number; cpuSeconds: number } {
  const field = (label: string) => {
    const m = new RegExp(`${label}:\\s*([0-9.]+)`).exec(stderr);
    if (!m) throw new Error(`time -v: no "${label}" in:\n${stderr}`);
    return Number(m[1]);
  };
  return {
    peakRssBytes: field("Maximum resident set size \\(kbytes\\)") * 1024,
    cpuSeconds: field("User time \\(seconds\\)") + field("System time \\(seconds\\)"),
  };
}

function fromWrapper(stderr: string): { peakRssBytes: number; cpuSeconds: number } {
  const line = stderr.split("\n").find((l) => l.startsWith(REPORT_PREFIX));
  if (!line) throw new Error(`usage-wrapper: no usage report in:\n${stderr}`);
  const u = JSON.parse(line.slice(REPORT_PREFIX.length)) as { maxRssKiB: number; userUs: number; systemUs: number };
  return { peakRssBytes: u.maxRssKiB * 1024, cpuSeconds: (u.userUs + u.systemUs) / 1e6 };
}
