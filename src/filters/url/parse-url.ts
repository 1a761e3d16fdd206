/** The parts of a URL that block lists match. */
export interface UrlParts {
  /** Lowercased host name, without user info, port, brackets or final dot. */
  host: string;
  /** Lowercased path and query (`/a/b?c=d`), without the fragment; "" when absent. */
  rest: string;
}

/**
 * Splits a URL as found in crawl metadata. A hand-written scan rather than WHATWG `new URL`:
 * it accepts scheme-less entries (`example.com/x`, the form of UT1 lists), never throws, and
 * is several times faster. Returns undefined when there is no host.
 */
export function splitUrl(url: string): UrlParts | undefined {
  const s = url.trim();
  let i = 0;
  const scheme = s.indexOf("://");
  if (scheme > 0 && scheme <= 32 && /^[a-z][a-z0-9+.-]*$/i.test(s.slice(0, scheme))) i = scheme + 3;
  else if (s.startsWith("//")) i = 2;
  let end = i;
  while (end < s.length) {
    const c = s.charCodeAt(end);
    if (c === 0x2f || c === 0x3f || c === 0x23 || c === 0x5c) break; // / ? # \
    end++;
  }
  let authority = s.slice(i, end);
  authority = authority.slice(authority.lastIndexOf("@") + 1);
  let host: string;
  if (authority.startsWith("[")) {
    const close = authority.indexOf("]");
    host = authority.slice(1, close < 0 ? undefined : close);
  } else {
    const colon = authority.lastIndexOf(":");
    host = colon < 0 ? authority : authority.slice(0, colon);
  }
  if (host.endsWith(".")) host = host.slice(0, -1);
  if (!host) return undefined;
  const hash = s.indexOf("#", end);
  return { host: host.toLowerCase(), rest: s.slice(end, hash < 0 ? undefined : hash).toLowerCase() };
}

/**
 * The host without a leading `www.`, `web2.`, `ftp.`…, which squidGuard strips from both URL
 * lists and requests before matching ("proto://((www|web|ftp)[0-9]*)?" in its configuration
 * manual, section URL lists).
 */
export function stripWww(host: string): string {
  const m = /^(?:www|web|ftp)[0-9]*\./.exec(host);
  return m && m[0].length < host.length ? host.slice(m[0].length) : host;
}
