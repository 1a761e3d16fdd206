import { test } from "node:test";
import { loadEncoding } from "../src/tokenize/encoding.js";
import { PieceEncoder } from "../src/tokenize/piece-encoder.js";
import { TokenList } from "../src/tokenize/token-list.js";
import { hasSharedData } from "./helpers.js";
import { webText } from "./tokenize-helpers.js";

/** CPU seconds of this process, so that other load on the machine does not count. */
function cpuSeconds(f: () => void): number {
  const start = process.cpuUsage();
  f();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}

// Logs only: speed depends on the machine. The first pass includes cache misses and JIT warm-up.
test("tokenize speed, MB/s per core", { skip: !hasSharedData && "no shared data" }, async () => {
  const texts = webText(3e6);
  const mb = texts.reduce((n, t) => n + Buffer.byteLength(t), 0) / 1e6;
  for (const name of ["cl100k_base", "o200k_base"] as const) {
    const enc = await loadEncoding(name);
    const pe = new PieceEncoder(enc);
    const out = new TokenList();
    const run = () => texts.forEach((t) => (out.clear(), pe.encode(t, out)));
    const cold = cpuSeconds(run);
    const warm = cpuSeconds(run);
    const lib = cpuSeconds(() => texts.forEach((t) => enc.encodeOrdinary(t)));
    console.log(
      `${name} on ${mb.toFixed(1)} MB: cached cold ${(mb / cold).toFixed(1)} MB/s, warm ${(mb / warm).toFixed(1)} MB/s; gpt-tokenizer encode ${(mb / lib).toFixed(1)} MB/s`,
    );
  }
});
