/**
 * Idle execution environments kept for the next invocation of the same function, as Lambda keeps them: an idle
 * one is recycled after `idleMs`, any after `maxAgeMs` (so the credentials it was started with stay fresh).
 */
export interface PooledProcess {
  readonly key: string;
  readonly startedAt: number;
  alive(): boolean;
  stop(): void;
}

export class WarmPool<P extends PooledProcess> {
  private readonly idle = new Map<string, Array<{ process: P; timer: NodeJS.Timeout }>>();
  /** Processes running an invocation, so an account deletion can stop them. */
  private readonly busy = new Set<P>();

  constructor(
    private readonly idleMs = 60_000,
    private readonly maxAgeMs = 10 * 60_000,
    /** Idle processes kept per function; more concurrent invocations than this start fresh ones. */
    private readonly perKey = 2,
  ) {}

  /** A live idle process for `key`, or undefined. */
  take(key: string): P | undefined {
    const list = this.idle.get(key) ?? [];
    while (list.length) {
      const { process, timer } = list.pop()!;
      clearTimeout(timer);
      if (process.alive() && Date.now() - process.startedAt < this.maxAgeMs) return process;
      process.stop();
    }
    return undefined;
  }

  /** Marks a process as running an invocation until release(). */
  lend(process: P): void {
    this.busy.add(process);
  }

  release(process: P): void {
    this.busy.delete(process);
  }

  /** Stops the running processes whose key matches; their invocations end as a runtime exit. */
  stopBusy(matches: (key: string) => boolean): void {
    for (const process of this.busy) {
      if (!matches(process.key)) continue;
      this.busy.delete(process);
      process.stop();
    }
  }

  put(process: P): void {
    const list = this.idle.get(process.key) ?? [];
    if (list.length >= this.perKey || Date.now() - process.startedAt >= this.maxAgeMs) {
      process.stop();
      return;
    }
    const timer = setTimeout(() => {
      this.remove(process);
      process.stop();
    }, this.idleMs);
    timer.unref();
    list.push({ process, timer });
    this.idle.set(process.key, list);
  }

  /** Stops idle processes whose key matches (all when no predicate): a function changed or went away. */
  drain(matches: (key: string) => boolean = () => true): void {
    for (const [key, list] of this.idle) {
      if (!matches(key)) continue;
      for (const { process, timer } of list) {
        clearTimeout(timer);
        process.stop();
      }
      this.idle.delete(key);
    }
  }

  private remove(process: P): void {
    const list = this.idle.get(process.key);
    if (!list) return;
    const index = list.findIndex((entry) => entry.process === process);
    if (index >= 0) list.splice(index, 1);
  }
}
