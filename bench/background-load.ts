/**
 * Other work on the machine (a test run, a build) steals cores from a benchmark and makes its
 * figures look worse than the code is. This measures that: busy CPU of the whole machine from
 * /proc/stat, minus the CPU the benchmark itself and its child used, over a measurement's wall
 * time, gives the cores that others kept busy. The benchmark waits for a quiet spell before
 * each measurement and reports what it saw, so a noisy figure is visible as such.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";

let ticksPerSecond: number | undefined;

/** Busy CPU-seconds of all cores since boot; null without /proc/stat (not Linux). */
export function machineBusySeconds(): number | null {
  let line: string;
  try {
    line = readFileSync("/proc/stat", "utf8").split("\n", 1)[0];
  } catch {
    return null;
  }
  // cpu  user nice system idle iowait irq softirq steal …: everything but idle and iowait is busy;
  // steal is time the hypervisor gave to another guest, which this machine did not get either.
  const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
  ticksPerSecond ??= Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout) || 100;
  return (user + nice + system + irq + softirq + (steal || 0)) / ticksPerSecond;
}

export interface LoadProbe {
  /** Average cores busy with other work since the probe started. `childCpuSeconds`: CPU of a child measured separately. */
  stop(childCpuSeconds?: number): number;
}

export function startLoadProbe(): LoadProbe {
  const busy0 = machineBusySeconds();
  const own0 = process.cpuUsage();
  const t0 = performance.now();
  return {
    stop(childCpuSeconds = 0) {
      const busy1 = machineBusySeconds();
      if (busy0 === null || busy1 === null) return 0;
      const own = process.cpuUsage(own0);
      const others = busy1 - busy0 - (own.user + own.system) / 1e6 - childCpuSeconds;
      return Math.max(0, others / ((performance.now() - t0) / 1000));
    },
  };
}

/**
 * Waits until other work has kept fewer than `maxCores` busy for `quietSeconds` in a row (a
 * pause between two bursts of a test run is not quiet), for at most `timeoutSeconds`. Returns
 * the last one-second sample (cores), so the caller can report a noisy start.
 */
export async function waitForQuiet(maxCores: number, quietSeconds: number, timeoutSeconds: number, log: (s: string) => void): Promise<number> {
  const deadline = performance.now() + timeoutSeconds * 1000;
  let warned = false;
  let quiet = 0;
  for (;;) {
    const probe = startLoadProbe();
    await sleep(1000);
    const load = probe.stop();
    quiet = load < maxCores ? quiet + 1 : 0;
    if (quiet >= quietSeconds || performance.now() >= deadline) return load;
    if (!warned && quiet === 0) log(`waiting for the machine to quieten (other processes use ${load.toFixed(1)} cores)`);
    warned ||= quiet === 0;
  }
}
