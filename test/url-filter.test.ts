import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { urlFilter } from "../src/filters/url-filter.js";
import { AhoCorasick } from "../src/filters/url/aho-corasick.js";
import { DomainSet } from "../src/filters/url/domain-set.js";
import { splitUrl } from "../src/filters/url/parse-url.js";
import { UrlSet } from "../src/filters/url/url-set.js";
import { doc, runFilter } from "./filters-helpers.js";
import { tmpDir } from "./helpers.js";

const page = (url: unknown, id = String(url)) => doc("text", id, url === undefined ? {} : { url });

async function reasons(urls: unknown[], options: object = {}) {
  const run = await runFilter(urlFilter, options, urls.map((u, i) => page(u, `d${i}`)));
  assert.deepEqual(run.failed, []);
  const byId = new Map(run.rejected.map((r) => [r.doc.id, r.reason]));
  return { reasons: urls.map((_, i) => byId.get(`d${i}`)), run };
}

describe("url helpers", () => {
  it("splits URLs with and without scheme, port, user info, brackets", () => {
    assert.deepEqual(splitUrl("HTTPS://User:pw@WWW.Example.COM.:8080/A/b?q=1#frag"), { host: "www.example.com", rest: "/a/b?q=1" });
    assert.deepEqual(splitUrl("example.com/x"), { host: "example.com", rest: "/x" });
    assert.deepEqual(splitUrl("http://[2001:db8::1]:80/"), { host: "2001:db8::1", rest: "/" });
    assert.equal(splitUrl("http:///path"), undefined);
    assert.equal(splitUrl(""), undefined);
  });

  it("domain set: a listed domain blocks itself and every subdomain, nothing else", () => {
    const set = new DomainSet();
    set.addLines("example.com\n# comment\n\n.Dotted.ORG\n*.wild.net\nsub.other.io\r\n178.128.25.172\n");
    assert.equal(set.size, 5);
    assert.equal(set.match("example.com"), "example.com");
    assert.equal(set.match("a.b.example.com"), "example.com");
    assert.equal(set.match("www.dotted.org"), "dotted.org");
    assert.equal(set.match("x.wild.net"), "wild.net");
    assert.equal(set.match("deep.sub.other.io"), "sub.other.io");
    assert.equal(set.match("178.128.25.172"), "178.128.25.172");
    for (const miss of ["notexample.com", "example.com.evil.net", "com", "other.io", "1.178.128.25.172", "25.172"]) {
      assert.equal(set.match(miss), undefined, miss);
    }
  });

  it("URL set: prefix match at path boundaries, www and trailing / ignored", () => {
    const set = new UrlSet();
    set.addLines("foo.com/bar/\nbaz.org/index.php?\nq.net/?v=1\n");
    assert.equal(set.match("www.foo.com", "/bar"), "foo.com/bar");
    assert.equal(set.match("foo.com", "/bar/x.html"), "foo.com/bar");
    assert.equal(set.match("foo.com", "/bar?x=1"), "foo.com/bar");
    assert.equal(set.match("foo.com", "/barx"), undefined);
    assert.equal(set.match("foo.com", "/"), undefined);
    assert.equal(set.match("baz.org", "/index.php?a=b"), "baz.org/index.php");
    assert.equal(set.match("q.net", "/?v=1"), "q.net/?v=1");
    assert.equal(set.match("q.net", "/?v=12"), undefined);
  });

  it("Aho–Corasick finds every pattern occurrence, including overlapping and nested ones", () => {
    const ac = new AhoCorasick(["he", "she", "his", "hers"]);
    const found: string[] = [];
    const text = "ushers and his";
    ac.scan(text, (end, len) => void found.push(text.slice(end - len, end)));
    assert.deepEqual(found, ["she", "hers", "his"]); // "he" lies inside "she" (same end)
    assert.equal(ac.find("no match"), undefined);
    assert.equal(new AhoCorasick([]).empty, true);
  });
});

describe("url_filter", () => {
  it("defaults: FineWeb word lists — hard, soft (threshold 2) and subwords", async () => {
    const { reasons: r } = await reasons([
      "https://example.com/articles/gardening",
      "https://example.com/porn/video", // banned word token
      "https://EXAMPLE.com/PORN", // tokens are lowercased
      "https://example.com/pornography", // "pornography" is a soft word only: 1 < 2
      "https://example.com/nude-lesbian", // two soft words
      "https://example.com/free-sex-video", // subword "sexvideo" across tokens
      "https://example.com/assessment", // "ass" is a soft word, not a substring match
    ]);
    assert.deepEqual(r, [
      undefined,
      "hard_blacklisted",
      "hard_blacklisted",
      undefined,
      "soft_blacklisted",
      "blacklisted_subword",
      undefined,
    ]);
  });

  it("commented-out list entries (#ass, #cum in banned_words) are not used", async () => {
    const { reasons: r } = await reasons(["https://example.com/cum/laude"]);
    assert.deepEqual(r, [undefined]);
  });

  it("domain, URL and expression lists, from files and UT1-style folders; the allowlist wins", async () => {
    const dir = tmpDir("winnow-url-");
    const cat = join(dir, "adult");
    mkdirSync(cat);
    writeFileSync(join(cat, "domains"), "blocked.com\nsub.mixed.org\n");
    writeFileSync(join(cat, "urls"), "mixed.org/adult\n");
    writeFileSync(join(cat, "expressions"), "(^|[-/_.])xxxtra([-/_.]|$)\n");
    writeFileSync(join(dir, "extra-domains"), "other.net\n");
    writeFileSync(join(dir, "allow"), "good.blocked.com\n");
    const { reasons: r } = await reasons(
      [
        "http://blocked.com/",
        "http://a.b.blocked.com/page",
        "http://good.blocked.com/page",
        "http://x.sub.mixed.org/",
        "http://www.mixed.org/adult/page.html",
        "http://mixed.org/adults",
        "http://site.io/xxxtra/1",
        "http://other.net",
        "http://clean.org/",
      ],
      { block_categories: [cat], block_domains: [join(dir, "extra-domains")], allow_domains: [join(dir, "allow")] },
    );
    assert.deepEqual(r, ["domain", "domain", undefined, "domain", "url", undefined, "expression", "domain", undefined]);
  });

  it("documents without a URL are kept and counted, or dropped with missing_url: drop", async () => {
    const kept = await reasons([undefined, "", 42, "http://ok.org/"]);
    assert.deepEqual(kept.reasons, [undefined, undefined, undefined, undefined]);
    assert.equal(kept.run.counts.get("no_url"), 3);
    const dropped = await reasons([undefined, "http://ok.org/"], { missing_url: "drop" });
    assert.deepEqual(dropped.reasons, ["no_url", undefined]);
  });

  it("url_key, extra words, lists off", async () => {
    const run = await runFilter(
      urlFilter,
      { url_key: "source", use_integrated_lists: false, banned_words: ["Gardening"], banned_subwords: ["Tomato Plant"] },
      [
        doc("t", "a", { source: "https://x.org/gardening" }),
        doc("t", "b", { source: "https://x.org/my-tomato-plants" }),
        doc("t", "c", { source: "https://x.org/porn" }),
      ],
    );
    assert.deepEqual(
      run.rejected.map((r) => [r.doc.id, r.reason]),
      [
        ["a", "hard_blacklisted"],
        ["b", "blacklisted_subword"],
      ],
    );
  });

  it("annotate mode keeps every document and records what was found", async () => {
    const run = await runFilter(urlFilter, { annotate: true }, [page("https://example.com/nude-lesbian", "x")]);
    assert.equal(run.kept.length, 1);
    const meta = run.kept[0].metadata.url_filter as Record<string, unknown>;
    assert.equal(meta.drop, "soft_blacklisted");
    assert.deepEqual(meta.soft_words, ["nude", "lesbian"]);
    assert.equal(run.counts.get("soft_blacklisted"), 1);
  });
});
