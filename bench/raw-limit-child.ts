/**
 * The raw limit in a process of its own: `node raw-limit-child.js <file>…` reads the files
 * once (after a JIT warm-up on the first) and prints its Throughput as JSON, with the CPU
 * time of the whole process (startup and warm-up included) as `processCpuSeconds`.
 */
import { measureRawLimit } from "./raw-limit.js";

const files = process.argv.slice(2);
await measureRawLimit(files.slice(0, 1));
const throughput = await measureRawLimit(files);
const cpu = process.cpuUsage();
process.stdout.write(JSON.stringify({ ...throughput, processCpuSeconds: (cpu.user + cpu.system) / 1e6 }) + "\n");
