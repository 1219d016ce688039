import { describe, expect, it } from 'vitest';
import { LimitWatch } from './limit-watch.ts';
import type { LimitCounters } from './sandbox-limits.ts';

const LIMITS = { memoryMB: 1536, maxTasks: 512, maxFileMB: 16 };

/** A cgroup's counters as the test sets them. */
function counters(start: LimitCounters | undefined) {
  const now = { value: start };
  return { now, read: () => (now.value ? { ...now.value } : undefined) };
}

describe('LimitWatch', () => {
  it('names the limit whose counter moved since the watch began, memory first', () => {
    const cgroup = counters({ memoryKills: 2, taskRefusals: 7 });
    const watch = new LimitWatch(cgroup.read, LIMITS);
    expect(watch.breach()).toBeUndefined();
    cgroup.now.value = { memoryKills: 2, taskRefusals: 8 };
    expect(watch.breach()).toBe(
      "stopped: the sandbox's task limit (512 processes and threads) was reached — your code starts processes or threads without bound",
    );
    cgroup.now.value = { memoryKills: 3, taskRefusals: 8 };
    expect(watch.breach()).toBe(
      "stopped: the sandbox's memory limit (1536 MB) was reached — your code allocates without bound",
    );
  });

  it('counts from the last reset: a warm slot’s next learner is not blamed for the one before', () => {
    const cgroup = counters({ memoryKills: 0, taskRefusals: 0 });
    const watch = new LimitWatch(cgroup.read, LIMITS);
    cgroup.now.value = { memoryKills: 1, taskRefusals: 4 };
    watch.reset();
    expect(watch.breach()).toBeUndefined();
  });

  it('never breaches where nothing is counted (rlimits, or the cgroup already gone)', () => {
    const cgroup = counters({ memoryKills: 0, taskRefusals: 0 });
    const watch = new LimitWatch(cgroup.read, LIMITS);
    cgroup.now.value = undefined;
    expect(watch.breach()).toBeUndefined();
  });

  it('calls back once, soon after a counter moves, and not after it is stopped', async () => {
    const cgroup = counters({ memoryKills: 0, taskRefusals: 0 });
    const seen: string[] = [];
    const stop = new LimitWatch(cgroup.read, LIMITS).watch((note) => seen.push(note), 5);
    cgroup.now.value = { memoryKills: 0, taskRefusals: 1 };
    await new Promise((done) => setTimeout(done, 60));
    expect(seen).toHaveLength(1);
    expect(seen[0]).toContain('task limit (512');

    const quiet: string[] = [];
    const watch = new LimitWatch(cgroup.read, LIMITS);
    watch.watch((note) => quiet.push(note), 5)();
    cgroup.now.value = { memoryKills: 1, taskRefusals: 1 };
    await new Promise((done) => setTimeout(done, 40));
    expect(quiet).toEqual([]);
    stop();
  });
});
