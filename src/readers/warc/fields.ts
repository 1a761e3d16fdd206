/** Header fields of a WARC record or HTTP response: lower-case names; the first value of a repeated name wins. */
export type Fields = Map<string, string>;

/**
 * Index just past the blank line that ends a header block, or -1. Lines may end in CRLF, a bare
 * LF (ClueWeb's HTTP headers, cc_net's WET) or CRCRLF (seen in pywb fixtures), so a blank line is
 * a LF followed by any CRs and a LF.
 */
export function headerEnd(buf: Buffer, from = 0): number {
  for (let i = buf.indexOf(10, from); i !== -1; i = buf.indexOf(10, i + 1)) {
    let j = i + 1;
    while (buf[j] === 13) j++;
    if (buf[j] === 10) return j + 1;
  }
  return -1;
}

/** Splits a header block into its first line (version or status line) and fields; folded lines continue the previous value. */
export function parseFields(block: string): { first: string; fields: Fields } {
  const lines = block.split(/\r*\n/);
  const first = lines[0];
  const fields: Fields = new Map();
  let last = "";
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i];
    if (line === "") continue;
    if ((line[0] === " " || line[0] === "\t") && last) {
      fields.set(last, `${fields.get(last)} ${line.trim()}`);
      continue;
    }
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (fields.has(name)) {
      last = "";
      continue;
    }
    fields.set(name, line.slice(colon + 1).trim());
    last = name;
  }
  return { first, fields };
}
