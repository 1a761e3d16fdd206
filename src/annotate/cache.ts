import { createHash } from "node:crypto";
import { appendFileSync, existsSync, readFileSync } from "node:fs";

export interface CachedAnswer {
  content: string;
  promptTokens: number;
  completionTokens: number;
}

/**
 * Answers already paid for, in an append-only JSONL file keyed by sha256 of (model, prompt
 * template, sha256 of the text sent): a rerun, or a run resumed after a crash, asks the API
 * only for what it has not answered. One line is appended per answer as it arrives; a line
 * cut short by a crash is ignored on load.
 */
export class AnswerCache {
  private readonly answers = new Map<string, CachedAnswer>();

  constructor(private readonly path: string | undefined) {
    if (!path || !existsSync(path)) return;
    for (const line of readFileSync(path, "utf8").split("\n")) {
      if (!line) continue;
      try {
        const r = JSON.parse(line) as { key: string } & CachedAnswer;
        this.answers.set(r.key, { content: r.content, promptTokens: r.promptTokens, completionTokens: r.completionTokens });
      } catch {
        // a partial last line from an interrupted run
      }
    }
  }

  static key(model: string, template: string, text: string): string {
    const textHash = createHash("sha256").update(text).digest("hex");
    return createHash("sha256").update(`${model}\0${template}\0${textHash}`).digest("hex");
  }

  get(key: string): CachedAnswer | undefined {
    return this.answers.get(key);
  }

  put(key: string, a: CachedAnswer): void {
    this.answers.set(key, a);
    if (this.path) appendFileSync(this.path, JSON.stringify({ key, ...a }) + "\n");
  }
}
