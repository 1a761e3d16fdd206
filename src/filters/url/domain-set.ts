import { FingerprintSet, start, step } from "./fingerprint-set.js";

const DOT = 0x2e;

/**
 * Domains that block themselves and every subdomain, as squidGuard reads UT1 `domains` files
 * ("porn.com blocks www.porn.com, foo.bar.porn.com…", squidGuard.org "How blocking works").
 * Entries are fingerprinted from their last character to their first; a lookup walks the host
 * the same way and probes at every dot, so all of a host's parent domains are tested in one
 * pass over its characters.
 */
export class DomainSet {
  private readonly set: FingerprintSet;
  /** Bit k set when some entry has k + 1 labels: a lookup probes only suffixes of listed depths. */
  private depths = 0;

  constructor(expected?: number) {
    this.set = new FingerprintSet(expected);
  }

  get size(): number {
    return this.set.size;
  }

  get bytes(): number {
    return this.set.bytes;
  }

  /** Adds one list line: lowercased, without a leading `.`/`*.` or final dot; blank and `#` lines are skipped. */
  addEntry(line: string, from = 0, to = line.length): void {
    while (from < to && isTrimmed(line.charCodeAt(from))) from++;
    while (to > from && isTrimmed(line.charCodeAt(to - 1))) to--;
    if (line.charCodeAt(from) === 0x2a && line.charCodeAt(from + 1) === DOT) from++; // "*."
    while (from < to && line.charCodeAt(from) === DOT) from++;
    while (to > from && line.charCodeAt(to - 1) === DOT) to--;
    if (from >= to || line.charCodeAt(from) === 0x23) return; // "#" comment
    const h = start();
    let labels = 1;
    for (let i = to - 1; i >= from; i--) {
      const c = line.charCodeAt(i);
      if (c === DOT) labels++;
      step(h, lower(c));
    }
    this.set.add(h[0], h[1]);
    this.depths |= 1 << (Math.min(labels, 32) - 1);
  }

  /** Adds every line of a list file's text, without splitting it into strings. */
  addLines(text: string): void {
    let from = 0;
    while (from < text.length) {
      let to = text.indexOf("\n", from);
      if (to < 0) to = text.length;
      this.addEntry(text, from, to);
      from = to + 1;
    }
  }

  /**
   * The listed domain that covers `host` (a lowercased host name): the host itself or one of
   * its parents, the highest one first. An IP address matches only as a whole.
   */
  match(host: string): string | undefined {
    const n = host.length;
    if (n === 0) return undefined;
    const ip = isDigit(host.charCodeAt(n - 1)); // no top-level domain ends with a digit
    const h = start();
    let labels = 1;
    for (let i = n - 1; i >= 0; i--) {
      const c = host.charCodeAt(i);
      if (c === DOT) {
        if (!ip && i < n - 1 && this.listedDepth(labels) && this.set.has(h[0], h[1])) return host.slice(i + 1);
        labels++;
      }
      step(h, lower(c));
    }
    return this.listedDepth(labels) && this.set.has(h[0], h[1]) ? host : undefined;
  }

  private listedDepth(labels: number): boolean {
    return (this.depths & (1 << (Math.min(labels, 32) - 1))) !== 0;
  }
}

function isTrimmed(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0d || c === 0xfeff;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** Lowercases one code unit (ASCII inline; others through `toLowerCase`, which lists rarely need). */
export function lower(c: number): number {
  if (c < 0x80) return c >= 0x41 && c <= 0x5a ? c + 32 : c;
  const l = String.fromCharCode(c).toLowerCase();
  return l.length === 1 ? l.charCodeAt(0) : c;
}
