/**
 * A queue between S3 Select's producers (the engine's records, and the keep-alive and progress events its
 * progress callback raises) and the one consumer that yields them to the event stream. The records producer
 * waits while the consumer is behind (`pushAndWait`), so a slow client slows the scan.
 */
export class EventQueue<T> implements AsyncIterable<T> {
  private readonly items: T[] = [];
  private wake: (() => void) | undefined;
  private taken: (() => void) | undefined;
  private ended = false;
  private failure: { error: unknown } | undefined;
  /** When the last event was queued (Date.now()): the keep-alive's clock. */
  lastPushed = Date.now();

  push(item: T): void {
    this.items.push(item);
    this.lastPushed = Date.now();
    this.signal();
  }

  /** Queues an event and resolves once the consumer took every queued event. */
  pushAndWait(item: T): Promise<void> {
    this.push(item);
    return new Promise((resolve) => {
      this.taken = resolve;
    });
  }

  end(): void {
    this.ended = true;
    this.signal();
  }

  fail(error: unknown): void {
    this.failure = { error };
    this.signal();
  }

  private signal(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T> {
    for (;;) {
      const item = this.items.shift();
      if (item !== undefined) {
        yield item;
        continue;
      }
      const taken = this.taken;
      this.taken = undefined;
      taken?.();
      if (this.failure) throw this.failure.error;
      if (this.ended) return;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
    }
  }
}
