/**
 * At most `max` requests in flight per process: above a few dozen, object stores answer with
 * throttling rather than throughput, and every open stream holds a socket.
 */
export class Limiter {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly max: number) {}

  /** Resolves when a slot is free; call the returned function to free it (once). */
  async acquire(): Promise<() => void> {
    if (this.active >= this.max) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next(); // the slot passes straight to the next waiter
      else this.active--;
    };
  }

  /** Requests in flight now (for tests and progress). */
  get inFlight(): number {
    return this.active;
  }
}
