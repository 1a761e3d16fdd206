/**
 * Fallback for machines without GNU time: runs the CLI in this process and, on exit, reports
 * the peak RSS and CPU time of the whole process (every thread) on stderr, in one line that
 * `cli-run.ts` parses.
 *
 *   node dist/bench/usage-wrapper.js bin/winnow.js run pipeline.yaml …
 */
import { writeSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

export const REPORT_PREFIX = "winnow-bench-usage:";

// Only when run as the entry point: importing this module for REPORT_PREFIX does nothing.
const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
const script = process.argv[2];
if (isMain && script) {
  process.on("exit", () => {
    const u = process.resourceUsage();
    // maxRSS is in KiB, CPU times in microseconds (getrusage).
    writeSync(2, `${REPORT_PREFIX} ${JSON.stringify({ maxRssKiB: u.maxRSS, userUs: u.userCPUTime, systemUs: u.systemCPUTime })}\n`);
  });
  // Commander reads argv[2…]: make the CLI see `node <script> <args>` as if started directly.
  process.argv.splice(1, 1);
  await import(pathToFileURL(resolve(script)).href);
}
