import type { RecordFormat } from "./framing.js";

export interface ArcFields {
  url: string;
  /** Archive date as written: YYYYMMDDhhmmss. */
  date: string;
  mime: string;
}

/** Longest ARC header line looked at; a longer line is not a header. */
const MAX_LINE = 16 * 1024;

/**
 * ARC records: one header line `URL IP-address Archive-date Content-type Archive-length`
 * (version 1; version 2 has five more fields before the length), then that many bytes, then a
 * newline. The first record (`filedesc://…`) holds the file's version. URLs may contain spaces
 * (they do in warcio's fixtures), so fields are counted from the right. Stateful (the version),
 * so one per file.
 */
export function arcFormat(): RecordFormat<ArcFields> {
  let fieldCount = 5;
  /** The filedesc line itself has the file's field count, which is not known yet. */
  const parse = (line: string) => parseLine(line, fieldCount) ?? (line.startsWith("filedesc:") ? parseLine(line, 15 - fieldCount) : null);
  const lineAt = (view: Buffer, i: number) => {
    const nl = view.indexOf(10, i);
    const end = nl === -1 ? view.length : nl;
    return end - i > MAX_LINE ? null : { line: view.toString("utf8", i, end).replace(/\r$/, ""), next: end + 1 };
  };
  return {
    name: "ARC",
    lookahead: MAX_LINE,
    startsAt(view, i) {
      const at = lineAt(view, i);
      return at !== null && parse(at.line) !== null;
    },
    header(view) {
      const at = lineAt(view, 0)!;
      const parsed = parse(at.line)!;
      if (typeof parsed === "string") return { size: at.next, error: parsed };
      if (parsed.fields.url.startsWith("filedesc:")) fieldCount = view[at.next] === 0x32 ? 10 : 5; // version block "2 0 …"
      return { size: at.next, length: parsed.length, fields: parsed.fields };
    },
  };
}

/** A header line's fields; a message when it is a header with a bad length; null when it is no header. */
function parseLine(line: string, fieldCount: number): { fields: ArcFields; length: number } | string | null {
  const f = line.split(" ");
  if (f.length < fieldCount) return null;
  const ipAt = f.length - fieldCount + 1;
  const url = f.slice(0, ipAt).join(" ");
  const date = f[ipAt + 1];
  if (!/^[a-z][a-z0-9+.-]*:\S/i.test(url) || !/^\d{8,}$/.test(date)) return null;
  const length = f[f.length - 1];
  if (!/^\d+$/.test(length)) return `invalid ARC record length "${length}"`;
  return { fields: { url, date, mime: f[ipAt + 2] }, length: Number(length) };
}
