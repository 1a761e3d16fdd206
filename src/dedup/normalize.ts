/** Text normalization before hashing: what "the same document" means for exact dedup. */
export interface TextNormalization {
  lowercase: boolean;
  collapse_whitespace: boolean;
  /** Unicode NFKC: full-width and compatibility forms compare equal. */
  nfkc: boolean;
}

export function normalizeText(text: string, n: TextNormalization): string {
  let t = n.nfkc ? text.normalize("NFKC") : text;
  if (n.lowercase) t = t.toLowerCase();
  if (n.collapse_whitespace) t = t.replace(/\s+/g, " ").trim();
  return t;
}

/**
 * URL normalization for URL dedup: scheme and host lowercased, default port, fragment and a
 * leading `www.` dropped, query kept as is (it often selects content). Not a URL → undefined.
 */
export function normalizeUrl(raw: string): string | undefined {
  let u: URL;
  try {
    u = new URL(raw.trim());
  } catch {
    return undefined;
  }
  const host = u.hostname.toLowerCase().replace(/^www\./, "");
  const path = u.pathname.length > 1 && u.pathname.endsWith("/") ? u.pathname.slice(0, -1) : u.pathname;
  return `${u.protocol}//${host}${u.port ? `:${u.port}` : ""}${path}${u.search}`;
}
