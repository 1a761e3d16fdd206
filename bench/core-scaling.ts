/**
 * How far two cores of this machine scale, whatever the engine: the raw limit (one thread,
 * decompress + split + JSON.parse) in one process alone, then in two processes at once, each
 * over the same files. Two independent processes share nothing but the hardware (memory
 * bandwidth, caches, the host's scheduling of the two vCPUs), so their speedup is a ceiling
 * for the speedup of 2 workers over 1.
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { Throughput } from "./raw-limit.js";

const CHILD = fileURLToPath(new URL("./raw-limit-child.js", import.meta.url));

export interface CoreScaling {
  /** Wall seconds of the read loop alone. */
  alone: number;
  /** Wall seconds of the slower of two read loops running at once. */
  together: number;
  /** 2 × alone ÷ together: 2 is perfect scaling. */
  speedup: number;
  /** CPU seconds of one loop alone and, on average, of one of the two together. */
  cpuAlone: number;
  cpuTogether: number;
  /** CPU seconds of the three child processes, startup included (for the load probe, which sees only this process). */
  childCpuSeconds: number;
}

type ChildResult = Throughput & { processCpuSeconds: number };

export async function measureCoreScaling(files: string[]): Promise<CoreScaling> {
  const alone = await readInChild(files);
  const both = await Promise.all([readInChild(files), readInChild(files)]);
  const together = Math.max(...both.map((t) => t.seconds));
  return {
    alone: alone.seconds,
    together,
    speedup: (2 * alone.seconds) / together,
    cpuAlone: alone.cpuSeconds,
    cpuTogether: (both[0].cpuSeconds + both[1].cpuSeconds) / 2,
    childCpuSeconds: alone.processCpuSeconds + both[0].processCpuSeconds + both[1].processCpuSeconds,
  };
}

function readInChild(files: string[]): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, ...files], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve(JSON.parse(out) as ChildResult) : reject(new Error(`raw-limit-child exited with ${code}`))));
  });
}
