/**
 * Aho–Corasick automaton (Aho & Corasick 1975, "Efficient string matching"): finds every
 * occurrence of a set of patterns in one left-to-right pass, in time linear in the text plus
 * the matches, whatever the number of patterns. datatrove's URL filter uses the same
 * algorithm (pyahocorasick) for banned subwords. Patterns and text are compared by UTF-16
 * code unit; lowercase both beforehand for case-insensitive matching.
 */
export class AhoCorasick {
  /** Per state: code unit → next state (the trie; failures are followed at match time). */
  private readonly next: Map<number, number>[] = [new Map()];
  private readonly fail: number[] = [0];
  /** Per state: length of the longest pattern ending here, or 0. */
  private readonly own: number[] = [0];
  /** Per state: the nearest state on the failure chain that ends a pattern, or -1. */
  private readonly outLink: number[] = [-1];

  constructor(patterns: Iterable<string>) {
    for (const p of patterns) if (p) this.insert(p);
    this.link();
  }

  /** True when no pattern was given. */
  get empty(): boolean {
    return this.next[0].size === 0;
  }

  /**
   * Calls `onMatch(end, length)` for the longest pattern ending before each `end` where one
   * ends (shorter patterns ending there lie inside it); stops early when it returns true.
   */
  scan(text: string, onMatch: (end: number, length: number) => boolean | void): void {
    let s = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      let t = this.next[s].get(c);
      while (t === undefined && s !== 0) {
        s = this.fail[s];
        t = this.next[s].get(c);
      }
      s = t ?? 0;
      const len = this.own[s] || (this.outLink[s] >= 0 ? this.own[this.outLink[s]] : 0);
      if (len > 0 && onMatch(i + 1, len) === true) return;
    }
  }

  /** The first pattern occurrence (by end position), or undefined. */
  find(text: string): string | undefined {
    let found: string | undefined;
    this.scan(text, (end, length) => {
      found = text.slice(end - length, end);
      return true;
    });
    return found;
  }

  private insert(p: string): void {
    let s = 0;
    for (let i = 0; i < p.length; i++) {
      const c = p.charCodeAt(i);
      let t = this.next[s].get(c);
      if (t === undefined) {
        t = this.next.length;
        this.next.push(new Map());
        this.fail.push(0);
        this.own.push(0);
        this.outLink.push(-1);
        this.next[s].set(c, t);
      }
      s = t;
    }
    this.own[s] = p.length;
  }

  /** Breadth-first: a state's failure is the longest proper suffix of its path that is in the trie. */
  private link(): void {
    const queue: number[] = [...this.next[0].values()];
    for (let q = 0; q < queue.length; q++) {
      const s = queue[q];
      for (const [c, t] of this.next[s]) {
        let f = this.fail[s];
        while (f !== 0 && !this.next[f].has(c)) f = this.fail[f];
        const g = this.next[f].get(c);
        this.fail[t] = g !== undefined && g !== t ? g : 0;
        this.outLink[t] = this.own[this.fail[t]] > 0 ? this.fail[t] : this.outLink[this.fail[t]];
        queue.push(t);
      }
    }
  }
}
