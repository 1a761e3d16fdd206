import assert from "node:assert/strict";
import { cpSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { ROOT, cli, tmpDir } from "./helpers.js";

/** Every shipped recipe validates and runs on the bundled sample with a balanced ledger. */
for (const recipe of readdirSync(join(ROOT, "recipes")).filter((f) => f.endsWith(".yaml"))) {
  test(`recipes/${recipe} runs on the bundled sample`, () => {
    const dir = tmpDir();
    cpSync(join(ROOT, "examples", "data"), join(dir, "examples", "data"), { recursive: true });
    cpSync(join(ROOT, "recipes", recipe), join(dir, "recipes", recipe));
    const r = cli(["run", join(dir, "recipes", recipe), "--progress", "off"]);
    assert.equal(r.status, 0, r.stderr + r.stdout);
    // Every recipe reads the 820 bundled documents, except FineWeb's, which starts from the 37 crawled pages.
    const read = recipe === "fineweb.yaml" ? 37 : 820;
    assert.match(r.stdout, new RegExp(`ledger: read ${read} = kept \\d+ \\+ removed \\d+ \\+ errors 0 ✓`));
  });
}
