import { headerEnd, parseFields, type Fields } from "./fields.js";
import { MAX_HEADER, type RecordFormat } from "./framing.js";

/** "WARC/" and a digit: versions 1.0 and 1.1, and ClueWeb's 0.18. */
function startsAt(view: Buffer, i: number): boolean {
  return (
    view[i] === 0x57 && view[i + 1] === 0x41 && view[i + 2] === 0x52 && view[i + 3] === 0x43 && view[i + 4] === 0x2f &&
    view[i + 5] >= 0x30 && view[i + 5] <= 0x39
  );
}

/** WARC records: a version line, named fields up to a blank line, a block of Content-Length bytes, CRLF CRLF. */
export const WARC_FORMAT: RecordFormat<Fields> = {
  name: "WARC",
  lookahead: 16,
  separator: Buffer.from("\r\n\r\n"),
  startsAt,
  header(view) {
    const end = headerEnd(view);
    if (end === -1) {
      return { size: 0, error: view.length >= MAX_HEADER ? `WARC header longer than ${MAX_HEADER} bytes` : "WARC header cut short by the end of the file" };
    }
    const { fields } = parseFields(view.toString("utf8", 0, end));
    const declared = fields.get("content-length");
    if (declared === undefined || !/^\d+$/.test(declared)) {
      return { size: end, error: declared === undefined ? "WARC header has no Content-Length" : `invalid WARC Content-Length "${declared}"` };
    }
    return { size: end, length: Number(declared), fields };
  },
};
