import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { cli, cliAsync, makeText, ROOT, tmpDir, writeJsonl, writePipeline } from "./helpers.js";

export const EVIL_ID = "evil-doc";
export const EVIL_LINES = ["<script>alert(1)</script>", "<img src=x onerror=alert(2)>", '<a href="javascript:alert(3)">click me</a>'];
export const PII_ID = "pii-doc";
/** Real web text in three formats; the largest sample file is left out to keep the run short. */
const SAMPLE_FILES = ["cc-en-head-0091.jsonl", "cc-en-head-0174.parquet", "dclm-agreement.jsonl.gz", "redpajama-cc-c4.jsonl"];

/**
 * A run over most of the example web sample plus four documents of ours: a near-duplicate pair,: one with hostile markup (removed
 * by C4 for too few sentences, so its dropped lines are struck out) one with an e-mail
 * address (kept, with the placeholder). Annotate-mode Gopher and FineWeb signals, near-duplicate
 * removal, and token counts.
 */
export function makeServeRun(): { dir: string; runDir: string } {
  const dir = tmpDir("winnow-serve-");
  mkdirSync(join(dir, "in"));
  const evil = [...EVIL_LINES, makeText(7, 60), "javascript:alert(4)", "Click <b onmouseover=alert(5)>here</b>"].join("\n");
  const pii = `${makeText(11, 120)}\nWrite to jane.doe@example.com for the full data set, she answers every question.\n${makeText(12, 120)}`;
  const copied = makeText(21, 300).split(" ");
  const nearCopy = [...copied.slice(0, 150), "crawl", ...copied.slice(151)].join(" ");
  writeJsonl(join(dir, "in", "extra.jsonl"), [
    { id: EVIL_ID, text: evil },
    { id: PII_ID, text: pii },
    { id: "copy-a", text: copied.join(" ") },
    { id: "copy-b", text: nearCopy },
  ]);
  const pipeline = writePipeline(
    dir,
    `name: serve-test
input: { paths: [${SAMPLE_FILES.map((f) => JSON.stringify(join(ROOT, "examples", "data", "web-sample", f))).join(", ")}, "in/*.jsonl"] }
output: run
seed: 42
steps:
  - length: { min_words: 50, max_words: 100000 }
  - gopher_quality: { annotate: true }
  - fineweb_quality: { annotate: true }
  - c4_quality: {}
  - pii: {}
  - minhash_dedup: {}
  - tokenize: { encoding: cl100k_base }
  - write: { format: jsonl.zst }
`,
  );
  const r = cli(["run", pipeline, "--progress", "off", "--workers", "2"], dir);
  assert.equal(r.status, 0, r.stderr + r.stdout);
  return { dir, runDir: join(dir, "run") };
}

/** `winnow serve <run> --port 0`, resolved with its address once it prints it. */
export async function startServe(runDir: string, extra: string[] = []): Promise<{ url: string; stop(): void }> {
  const child = cliAsync(["serve", runDir, "--port", "0", ...extra]);
  let out = "";
  let err = "";
  child.stderr.on("data", (d) => (err += d));
  const url = await new Promise<string>((ok, fail) => {
    child.stdout.on("data", (d) => {
      out += d;
      const m = /(http:\/\/\S+\/)/.exec(out);
      if (m) ok(m[1]);
    });
    child.on("exit", (code) => fail(new Error(`winnow serve exited (${code}): ${err}`)));
  });
  return { url, stop: () => child.kill("SIGTERM") };
}
