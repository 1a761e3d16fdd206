/**
 * LogiQA's text format (lgw863/LogiQA-dataset `Test.txt`, `Eval.txt`): records of 8 lines —
 * a blank line, the answer letter, the context, the question, then four options.
 */
export interface LogiQaRecord {
  answer: string;
  context: string;
  question: string;
  options: string[];
}

export function parseLogiQa(text: string): { record: number; item: LogiQaRecord }[] {
  const lines = text.replace(/^\ufeff/, "").split(/\r?\n/);
  const out: { record: number; item: LogiQaRecord }[] = [];
  // A record starts at a blank line followed by a one-letter answer line.
  for (let i = 0; i + 7 < lines.length; ) {
    if (lines[i].trim() === "" && /^[a-dA-D]$/.test(lines[i + 1].trim())) {
      out.push({
        record: out.length + 1,
        item: { answer: lines[i + 1].trim(), context: lines[i + 2], question: lines[i + 3], options: lines.slice(i + 4, i + 8) },
      });
      i += 8;
    } else i++;
  }
  return out;
}
