/**
 * Remembers what was computed from recent texts, so filters that run one after another on the
 * same batch (gopher_repetition then gopher_quality, say) tokenize each document once. The
 * engine hands every step a whole batch (≤ 512 documents, ≈ 1 M characters), so a
 * last-text-only cache would always miss; this one keeps texts up to a character budget,
 * oldest out first. Keys are the texts themselves: equal texts share a result, which is safe
 * because results depend on the text alone.
 */
export class TextCache<T> {
  private readonly entries = new Map<string, T>();
  private chars = 0;

  /** `budget`: total characters of the texts kept; a little over a reader's batch. */
  constructor(private readonly budget = 4 << 20) {}

  get(text: string, compute: (text: string) => T): T {
    let value = this.entries.get(text);
    if (value === undefined) {
      value = compute(text);
      this.entries.set(text, value);
      this.chars += text.length;
      for (const old of this.entries.keys()) {
        if (this.chars <= this.budget || old === text) break;
        this.entries.delete(old);
        this.chars -= old.length;
      }
    }
    return value;
  }
}
