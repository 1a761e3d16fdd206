import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { SHARED_DATA } from "./helpers.js";

/** Texts of the E-webtext JSONL files, at most `maxBytes` of them. */
export function webText(maxBytes: number): string[] {
  const dir = join(SHARED_DATA, "E-webtext");
  const out: string[] = [];
  let bytes = 0;
  for (const sub of readdirSync(dir).sort()) {
    for (const f of readdirSync(join(dir, sub)).sort()) {
      if (!f.endsWith(".jsonl")) continue;
      for (const line of readFileSync(join(dir, sub, f), "utf8").split("\n")) {
        if (!line) continue;
        const text = JSON.parse(line).text;
        if (typeof text !== "string") continue;
        out.push(text);
        bytes += Buffer.byteLength(text);
        if (bytes >= maxBytes) return out;
      }
    }
  }
  return out;
}

