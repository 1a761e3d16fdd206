/**
 * RFC 4180 CSV: comma-separated, fields optionally in double quotes, `""` for a quote inside
 * quotes, line breaks allowed inside quotes, CRLF or LF between records. The first record is
 * the header; each later one becomes an object keyed by it, with its 1-based data row number.
 */
export function parseCsv(text: string): { row: number; record: Record<string, string> }[] {
  const rows = csvRows(text);
  const header = rows.shift() ?? [];
  return rows
    .map((cells, i) => ({ row: i + 1, cells }))
    .filter(({ cells }) => !(cells.length === 1 && cells[0] === ""))
    .map(({ row, cells }) => ({ row, record: Object.fromEntries(header.map((h, k) => [h, cells[k] ?? ""])) }));
}

function csvRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c !== '"') field += c;
      else if (text[i + 1] === '"') {
        field += '"';
        i++;
      } else quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += c;
  }
  if (field !== "" || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
