import { readFileSync } from "node:fs";
import { parseDocument } from "yaml";
import { errorMessage, UserError } from "../core/errors.js";

/**
 * The value of a YAML (or JSON) file that a user wrote: a file that cannot be read or parsed is
 * a UserError naming it (`what`: "pipeline file", "mix file"…), never a stack trace.
 */
export function readYamlFile(file: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new UserError(`cannot read ${what} ${file}: ${errorMessage(err)}`);
  }
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length) throw new UserError(`${file}: invalid YAML\n` + doc.errors.map((e) => `  ${e.message}`).join("\n"));
  return doc.toJS();
}
