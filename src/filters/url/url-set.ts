import { lower } from "./domain-set.js";
import { FingerprintSet, start, step } from "./fingerprint-set.js";
import { splitUrl, stripWww } from "./parse-url.js";

/**
 * URLs that block themselves and everything below them, as squidGuard reads UT1 `urls` files:
 * an entry `host/a/b` matches `http://www.host/a/b`, `…/a/b/c.html` and `…/a/b?x`, but not
 * `…/a/bc`. Both sides drop the scheme, port, `www`-like prefix and fragment, and a final `/`
 * or `?` of an entry. A lookup fingerprints the URL from its start and probes at the end of
 * the host and before every `/`, `?`, `&` and at the end: one pass over the URL.
 */
export class UrlSet {
  private readonly set = new FingerprintSet();

  get size(): number {
    return this.set.size;
  }

  /** Adds one list line; blank and `#` lines are skipped. */
  addEntry(line: string): void {
    const entry = line.trim();
    if (!entry || entry.startsWith("#")) return;
    const parts = splitUrl(entry);
    if (!parts) return;
    let key = stripWww(parts.host) + parts.rest;
    while (key.endsWith("/") || key.endsWith("?")) key = key.slice(0, -1);
    const h = start();
    for (let i = 0; i < key.length; i++) step(h, lower(key.charCodeAt(i)));
    this.set.add(h[0], h[1]);
  }

  addLines(text: string): void {
    for (const line of text.split("\n")) this.addEntry(line);
  }

  /** The shortest listed prefix of the URL (`host` and `rest` as `splitUrl` gives them), or undefined. */
  match(host: string, rest: string): string | undefined {
    const key = stripWww(host);
    const h = start();
    for (let i = 0; i < key.length; i++) step(h, key.charCodeAt(i));
    if (this.set.has(h[0], h[1])) return key;
    for (let i = 0; i < rest.length; i++) {
      const c = rest.charCodeAt(i);
      if ((c === 0x2f || c === 0x3f || c === 0x26) && i > 0 && this.set.has(h[0], h[1])) return key + rest.slice(0, i);
      step(h, c);
    }
    return rest.length > 0 && this.set.has(h[0], h[1]) ? key + rest : undefined;
  }
}
