import { createReadStream, existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import type { ErrorRecord } from "../run/error-log.js";

/** The first `limit` records of the run's `errors/` files (every stage's), read line by line. */
export async function sampleErrors(errorsDir: string, limit: number): Promise<ErrorRecord[]> {
  const records: ErrorRecord[] = [];
  for (const file of jsonlFiles(errorsDir)) {
    const stream = createReadStream(file, "utf8");
    const lines = createInterface({ input: stream, crlfDelay: Infinity });
    try {
      for await (const line of lines) {
        if (!line) continue;
        try {
          records.push(JSON.parse(line) as ErrorRecord);
        } catch {
          records.push({ source: file, message: "unreadable error record" });
        }
        if (records.length >= limit) return records;
      }
    } finally {
      lines.close();
      stream.destroy();
    }
  }
  return records;
}

function jsonlFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const files: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = join(dir, e.name);
    if (e.isDirectory()) files.push(...jsonlFiles(p));
    else if (e.name.endsWith(".jsonl")) files.push(p);
  }
  return files;
}
