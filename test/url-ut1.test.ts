import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { urlFilter } from "../src/filters/url-filter.js";
import { DomainSet } from "../src/filters/url/domain-set.js";
import { readListFile } from "../src/filters/url/lists.js";
import { doc, runFilter } from "./filters-helpers.js";
import { SHARED_DATA } from "./helpers.js";

const UT1 = join(SHARED_DATA, "G-filterlists", "ut1");
const skip = existsSync(UT1) ? false : `UT1 lists not found at ${UT1} (shared data absent)`;

const firstEntry = (file: string) =>
  readFileSync(file, "utf8")
    .split("\n")
    .find((l) => l && !l.startsWith("#"))!;

describe("url_filter on the UT1 lists", { skip }, () => {
  it("blocks UT1 domains with their subdomains, UT1 URLs, and the adult expressions", async () => {
    const gambling = firstEntry(join(UT1, "gambling", "domains"));
    const adultUrl = firstEntry(join(UT1, "adult", "urls"));
    const run = await runFilter(
      urlFilter,
      {
        block_categories: ["adult", "gambling", "dating"].map((c) => join(UT1, c)),
        block_expressions: [join(UT1, "adult", "very_restrictive_expression")],
        use_integrated_lists: false,
      },
      [
        doc("t", "domain", { url: `https://${gambling}/` }),
        doc("t", "subdomain", { url: `https://www.deep.${gambling}/x` }),
        doc("t", "url", { url: `http://${adultUrl}` }),
        doc("t", "expression", { url: "https://example.com/hardcore/1" }),
        doc("t", "clean", { url: "https://en.wikipedia.org/wiki/Bread" }),
      ],
    );
    assert.deepEqual(
      run.rejected.map((r) => [r.doc.id, r.reason]),
      [
        ["domain", "domain"],
        ["subdomain", "domain"],
        ["url", "url"],
        ["expression", "expression"],
      ],
    );
  });

  it("loads every available UT1 domain list; reports memory and lookup rate", () => {
    const files = ["gambling", "dating", "drogue", "agressif", "lingerie", "mixed_adult"].map((c) => join(UT1, c, "domains"));
    const set = new DomainSet();
    const t0 = performance.now();
    for (const f of files) set.addLines(readListFile(f));
    const loadMs = performance.now() - t0;
    const hosts = readFileSync(files[0], "utf8").split("\n").filter(Boolean).map((d, i) => (i % 2 ? `a.${d}` : `${d}x.org`));
    const t1 = performance.now();
    let hits = 0;
    for (const h of hosts) if (set.match(h) !== undefined) hits++;
    const perSec = hosts.length / ((performance.now() - t1) / 1000);
    assert.ok(set.size > 39_000, `entries: ${set.size}`);
    assert.ok(hits > 0.49 * hosts.length, `hits: ${hits}`); // IP entries match only whole
    console.log(`UT1 domains: ${set.size} entries, ${(set.bytes / 2 ** 20).toFixed(2)} MiB table, load ${loadMs.toFixed(0)} ms, ${(perSec / 1e6).toFixed(2)} M lookups/s`);
  });
});
