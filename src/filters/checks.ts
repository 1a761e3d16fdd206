import type { Verdict } from "../core/filter.js";

/**
 * Runs a filter's checks in order. Without signals the first failing check decides and the rest
 * are skipped; in annotate mode every measure is recorded and the first failure is still the reason.
 */
export class Checks<R extends string> {
  verdict: Verdict<R>;

  constructor(private readonly signals: Record<string, unknown> | undefined) {}

  /** Records `value` under `name`; true when the caller should stop and return `verdict`. */
  check(name: string, value: number, failed: boolean, reason: R): boolean {
    if (this.signals) this.signals[name] = value;
    if (failed && this.verdict === undefined) this.verdict = { reason, value };
    return this.verdict !== undefined && this.signals === undefined;
  }

  /** Records a measure that decides nothing by itself. */
  note(name: string, value: unknown): void {
    if (this.signals) this.signals[name] = value;
  }
}
