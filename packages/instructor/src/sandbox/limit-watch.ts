import type { LimitCounters, SandboxLimits } from './sandbox-limits.ts';

/** What the learner reads when a limit of the sandbox stopped their grading. */
export function limitNote(limit: 'memory' | 'tasks', limits: SandboxLimits): string {
  return limit === 'memory'
    ? `stopped: the sandbox's memory limit (${limits.memoryMB} MB) was reached — your code allocates without bound`
    : `stopped: the sandbox's task limit (${limits.maxTasks} processes and threads) was reached — your code starts processes or threads without bound`;
}

/**
 * Watches one sandbox's limits from outside it, through its cgroup's event counters. A grading whose sandbox
 * hit a limit is not a grade: the process the kernel killed for memory (any of the sandbox's, not necessarily
 * the learner's test worker) or the fork it refused leaves a run that reports whatever that process's death
 * made of it — a lab with no tests, a collector that saw none. The counters say which limit it was; the
 * exit code and the output cannot (a SIGKILL looks the same whoever sent it).
 */
export class LimitWatch {
  #baseline: LimitCounters;

  constructor(
    private readonly read: () => LimitCounters | undefined,
    private readonly limits: SandboxLimits,
  ) {
    this.#baseline = read() ?? { memoryKills: 0, taskRefusals: 0 };
  }

  /** Counts from now: a warm sandbox grades learner after learner, and each is judged by its own events. */
  reset(): void {
    this.#baseline = this.read() ?? this.#baseline;
  }

  /** The note of the first limit that stopped something since the last reset; undefined if none did. */
  breach(): string | undefined {
    const now = this.read();
    if (!now) return undefined;
    if (now.memoryKills > this.#baseline.memoryKills) return limitNote('memory', this.limits);
    if (now.taskRefusals > this.#baseline.taskRefusals) return limitNote('tasks', this.limits);
    return undefined;
  }

  /**
   * Calls `onBreach` once, within `intervalMs` of a limit stopping something (a fork-bombed sandbox would
   * otherwise sit at its task limit until the timeout). Returns the function that stops watching.
   */
  watch(onBreach: (note: string) => void, intervalMs = 250): () => void {
    const timer = setInterval(() => {
      const note = this.breach();
      if (!note) return;
      clearInterval(timer);
      onBreach(note);
    }, intervalMs);
    timer.unref();
    return () => clearInterval(timer);
  }
}
