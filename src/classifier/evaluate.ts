import { FastTextModel, LABEL_PREFIX } from "../models/fasttext/index.js";
import { TOKEN_SEPARATORS } from "./train/vocabulary.js";

export interface Evaluation {
  examples: number;
  /** Share of examples whose top label is one of their labels (fastText `test`'s P@1 with k = 1). */
  accuracy: number;
}

/** Top-1 accuracy of a model on fastText-format lines (`__label__x text`). */
export function evaluateLines(model: FastTextModel, lines: readonly string[]): Evaluation {
  let correct = 0;
  let examples = 0;
  for (const line of lines) {
    const tokens = line.split(TOKEN_SEPARATORS).filter((t) => t !== "");
    const labels = new Set(tokens.filter((t) => t.startsWith(LABEL_PREFIX)));
    if (labels.size === 0) continue;
    examples++;
    const top = model.predict(tokens.filter((t) => !t.startsWith(LABEL_PREFIX)).join(" "), 1)[0];
    if (top && labels.has(top.label)) correct++;
  }
  return { examples, accuracy: examples === 0 ? 0 : correct / examples };
}
