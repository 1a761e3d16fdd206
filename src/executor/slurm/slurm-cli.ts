import { execFileSync } from "node:child_process";
import { UserError, errorMessage } from "../../core/errors.js";

/** Runs a Slurm command; a missing binary or a refusal becomes a readable error. */
export function slurm(cmd: string, args: string[]): string {
  try {
    return execFileSync(cmd, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (err) {
    const e = err as { code?: string; stderr?: string };
    if (e.code === "ENOENT") throw new UserError(`${cmd} not found: the Slurm executor needs Slurm's client commands on this machine`);
    throw new UserError(`${cmd} ${args.join(" ")} failed: ${(e.stderr ?? "").trim() || errorMessage(err)}`);
  }
}

/** The cluster's MaxArraySize (array indices must be below it). */
export function maxArraySize(): number {
  const m = /MaxArraySize\s*=\s*(\d+)/.exec(slurm("scontrol", ["show", "config"]));
  return m ? Number(m[1]) : 1001;
}

/** States of the given jobs' elements still known to the queue (`squeue`), by job id. */
export function queuedJobs(jobIds: string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (jobIds.length === 0) return out;
  const text = slurm("squeue", ["-h", "-r", "-o", "%F %T", "-j", jobIds.join(",")]).trim();
  for (const line of text ? text.split("\n") : []) {
    const [id, state] = line.trim().split(/\s+/);
    if (!out.has(id)) out.set(id, []);
    out.get(id)!.push(state);
  }
  return out;
}
