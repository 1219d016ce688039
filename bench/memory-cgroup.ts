/**
 * A memory cgroup to run a bench child in, as on a machine with that much memory and no swap: the kernel
 * charges every page the tree uses once (anonymous memory and the page cache it creates), so the cgroup's peak
 * is what a 1 GiB Cloud9 would have to hold, and going past the limit is an OOM kill, not a slow swap.
 * Needs Linux and write access to the memory controller (cgroup v1 `memory` or v2 `memory`), e.g. root in a
 * container; benches without it measure from /proc instead (process-memory.ts).
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

/**
 * What the processes of this process's own memory cgroup hold resident, each page once: anonymous memory plus
 * mapped file pages (node's binary, shared by every node of the tree, counts once) — the charge without the
 * page cache nobody maps, which the kernel drops before it kills anything. Undefined outside a memory cgroup.
 */
export function ownCgroupResidentMB(): number | undefined {
  const dir = ownCgroupDir();
  if (!dir) return undefined;
  try {
    const stat = readFileSync(join(dir.path, 'memory.stat'), 'utf8');
    const field = (name: string) => Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(stat)?.[1] ?? 0);
    const bytes =
      dir.version === 1
        ? field('total_rss') + field('total_mapped_file') + field('total_shmem')
        : field('anon') + field('file_mapped') + field('shmem');
    return bytes / 2 ** 20;
  } catch {
    return undefined;
  }
}

/** This process's memory cgroup folder (v1 `memory` controller, else the v2 unified one). */
function ownCgroupDir(): { path: string; version: 1 | 2 } | undefined {
  const lines = readFileSync('/proc/self/cgroup', 'utf8').trim().split('\n');
  const v1 = lines.find((line) => line.split(':')[1]?.split(',').includes('memory'));
  if (v1) return { path: join('/sys/fs/cgroup/memory', v1.split(':')[2] ?? '/'), version: 1 };
  const v2 = lines.find((line) => line.startsWith('0::'));
  return v2 ? { path: join('/sys/fs/cgroup', v2.slice(3)), version: 2 } : undefined;
}

export class MemoryCgroup {
  private constructor(
    readonly dir: string,
    private readonly version: 1 | 2,
    private readonly limitMB: number,
  ) {}

  /** A new cgroup under this process's own, limited to `limitMB` with no swap. Throws how to get access. */
  static create(name: string, limitMB: number): MemoryCgroup {
    const own = ownCgroupDir();
    const v1 = own?.version === 1;
    const dir = join(own?.path ?? '/sys/fs/cgroup', name);
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
