/** What the figures were measured on: they mean little without it. */
import { readFileSync } from "node:fs";
import { availableParallelism, totalmem } from "node:os";

export interface Machine {
  cores: number;
  cpu: string;
  node: string;
  memoryGiB: number;
  date: string;
}

export function describeMachine(now = new Date()): Machine {
  return {
    cores: availableParallelism(),
    cpu: cpuModel(),
    node: process.version,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    date: now.toISOString().slice(0, 10),
  };
}

function cpuModel(): string {
  try {
    const m = /^model name\s*:\s*(.+)$/m.exec(readFileSync("/proc/cpuinfo", "utf8"));
    return m ? m[1].trim() : "unknown";
  } catch {
    return "unknown (no /proc/cpuinfo)";
  }
}
