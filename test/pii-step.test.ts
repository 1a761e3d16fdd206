import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { pii } from "../src/filters/pii.js";
import { safetySteps } from "../src/filters/safety-index.js";
import { doc, runFilter } from "./filters-helpers.js";

const TEXT = "Write to jane@example.org or call +1 415 555 2671; server 8.8.8.8, LAN 10.0.0.1.";

describe("pii step", () => {
  it("replace (default): typed placeholders, counts per type", async () => {
    const run = await runFilter(pii, {}, [doc(TEXT), doc("nothing here", "clean")]);
    assert.equal(run.kept.length, 2);
    assert.equal(run.kept[0].text, "Write to <EMAIL_ADDRESS> or call <PHONE_NUMBER>; server <IP_ADDRESS>, LAN 10.0.0.1.");
    assert.equal(run.kept[1].text, "nothing here");
    assert.deepEqual(Object.fromEntries(run.counts), { email: 1, phone: 1, ip: 1, docs_with_pii: 1 });
  });

  it("types and placeholders are configurable", async () => {
    const run = await runFilter(pii, { types: ["email", "ip"], placeholders: { email: "email@example.com" } }, [doc(TEXT)]);
    assert.equal(run.kept[0].text, "Write to email@example.com or call +1 415 555 2671; server <IP_ADDRESS>, LAN 10.0.0.1.");
  });

  it("drop mode removes documents with any finding", async () => {
    const run = await runFilter(pii, { mode: "drop" }, [doc(TEXT, "a"), doc("nothing here", "b")]);
    assert.deepEqual(run.kept.map((d) => d.id), ["b"]);
    assert.equal(run.rejected[0].reason, "contains_pii");
    assert.deepEqual(run.rejected[0].value, { email: 1, phone: 1, ip: 1 });
  });

  it("annotate mode counts without changing the text", async () => {
    const run = await runFilter(pii, { mode: "drop", annotate: true }, [doc(TEXT)]);
    assert.equal(run.kept[0].text, TEXT);
    assert.deepEqual(run.kept[0].metadata.pii, { email: 1, phone: 1, ip: 1, drop: "contains_pii" });
    assert.equal(run.counts.get("contains_pii"), 1);
  });

  it("unknown options are rejected by the schema", () => {
    assert.throws(() => pii.schema.parse({ types: ["passport"] }));
    assert.throws(() => pii.schema.parse({ placeholder: {} }));
  });

  it("safety index lists the three steps", () => {
    assert.deepEqual(safetySteps.map((s) => s.name), ["url_filter", "bad_words", "pii"]);
  });
});
