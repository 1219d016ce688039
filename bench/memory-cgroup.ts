/**
 * A memory cgroup to run a bench child in, as on a machine with that much memory and no swap: the kernel
 * charges every page the tree uses once (anonymous memory and the page cache it creates), so the cgroup's peak
 * is what a 1 GiB Cloud9 would have to hold, and going past the limit is an OOM kill, not a slow swap.
 * Needs Linux and write access to the memory controller (cgroup v1 `memory` or v2 `memory`), e.g. root in a
 * container; benches without it measure from /proc instead (process-tree.ts).
 */
import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface CgroupReport {
  limitMB: number;
  /** The most the tree had charged at once. */
  peakMB: number;
  /** Processes the kernel killed for going past the limit. */
  oomKills: number;
}

export class MemoryCgroup {
  private constructor(
    readonly dir: string,
    private readonly version: 1 | 2,
    private readonly limitMB: number,
  ) {}

  /** A new cgroup under this process's own, limited to `limitMB` with no swap. Throws how to get access. */
  static create(name: string, limitMB: number): MemoryCgroup {
    const lines = readFileSync('/proc/self/cgroup', 'utf8').trim().split('\n');
    const v1 = lines.find((line) => line.split(':')[1]?.split(',').includes('memory'));
    const base = v1
      ? join('/sys/fs/cgroup/memory', v1.split(':')[2] ?? '/')
      : join('/sys/fs/cgroup', lines.find((line) => line.startsWith('0::'))?.slice(3) ?? '/');
    const dir = join(base, name);
    const bytes = String(limitMB * 2 ** 20);
    try {
      mkdirSync(dir);
      if (v1) {
        writeFileSync(join(dir, 'memory.limit_in_bytes'), bytes);
        // memsw = memory + swap: the same limit means no swap (absent when the kernel does not account swap).
        const memsw = join(dir, 'memory.memsw.limit_in_bytes');
        if (existsSync(memsw)) writeFileSync(memsw, bytes);
      } else {
        writeFileSync(join(dir, 'memory.max'), bytes);
        writeFileSync(join(dir, 'memory.swap.max'), '0');
      }
    } catch (error) {
      throw new Error(
        `--memory-limit needs a writable memory cgroup (Linux, root or a delegated cgroup): ${(error as Error).message}`,
      );
    }
    return new MemoryCgroup(dir, v1 ? 1 : 2, limitMB);
  }

  /** A command that joins this cgroup, then runs `command` (so every process it starts is in it from birth). */
  wrap(command: string, args: string[]): { command: string; args: string[] } {
    const procs = join(this.dir, 'cgroup.procs');
    return { command: '/bin/sh', args: ['-c', `echo $$ > '${procs}' && exec "$0" "$@"`, command, ...args] };
  }

  report(): CgroupReport {
    const read = (file: string) => readFileSync(join(this.dir, file), 'utf8');
    const peakBytes = Number(this.version === 1 ? read('memory.max_usage_in_bytes') : read('memory.peak'));
    const events = this.version === 1 ? read('memory.oom_control') : read('memory.events');
    const oomKills = Number(/^oom_kill (\d+)/m.exec(events)?.[1] ?? 0);
    return { limitMB: this.limitMB, peakMB: peakBytes / 2 ** 20, oomKills };
  }

  /** Removes the cgroup once its last process is gone (children of the bench child may take a moment to end). */
  remove(): void {
    for (let attempt = 0; ; attempt++) {
      try {
        rmdirSync(this.dir);
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EBUSY' || attempt === 50) throw error;
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
      }
    }
  }
}
