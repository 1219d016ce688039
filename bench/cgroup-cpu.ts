/**
 * CPU seconds of this process and of everything it starts, counted by the kernel in a cgroup of its own: the
 * only count that sees a sandbox's processes (bwrap's PID 1 reaps them, and a killed sandbox's processes are
 * never waited for by anything this process reaps, so /proc's cutime misses them). cgroup v1 `cpuacct`
 * (these machines), else v2 `cpu.stat` (always there), else the reaped-children count (process-cpu.ts).
 * Under v2 this process moves into a leaf `main` of the group: the batch's sandboxes are made as siblings of
 * its own cgroup (sandbox-limits.ts), so they are counted in the group too.
 */
import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpuWithReapedSeconds } from './process-cpu.ts';

export interface CpuMeter {
  kind: 'cgroup-v1' | 'cgroup-v2' | 'reaped';
  /** CPU seconds (user + kernel) since the meter opened. */
  seconds(): number;
  /** Moves this process back where it was and removes the group (once every child is gone). */
  close(): void;
}

const CGROUP = '/sys/fs/cgroup';

/** This process's cgroup path for a v1 controller, or for v2 (`''`). */
function ownPath(controller: string): string | undefined {
  for (const line of readFileSync('/proc/self/cgroup', 'utf8').split('\n')) {
    const [, controllers, path] = line.split(':');
    if (controllers?.split(',').includes(controller)) return path;
  }
  return undefined;
}

function tryV1(name: string): CpuMeter | undefined {
  const own = ownPath('cpuacct');
  const mount = [join(CGROUP, 'cpuacct'), join(CGROUP, 'cpu,cpuacct')].find((dir) =>
    existsSync(join(dir, 'cpuacct.usage')),
  );
  if (own === undefined || !mount) return undefined;
  const dir = join(mount, own, name);
  try {
    mkdirSync(dir);
    writeFileSync(join(dir, 'cgroup.procs'), String(process.pid));
  } catch {
    return undefined;
  }
  const usage = () => Number(readFileSync(join(dir, 'cpuacct.usage'), 'utf8')) / 1e9;
  const start = usage();
  return {
    kind: 'cgroup-v1',
    seconds: () => usage() - start,
    close: () => {
      writeFileSync(join(mount, own, 'cgroup.procs'), String(process.pid));
      try {
        rmdirSync(dir);
      } catch {
        // A child still dying: the empty group is removed by the next run's name or by hand.
      }
    },
  };
}

function tryV2(name: string): CpuMeter | undefined {
  const own = ownPath('');
  const unified = [CGROUP, join(CGROUP, 'unified')].find((dir) =>
    existsSync(join(dir, 'cgroup.controllers')),
  );
  if (own === undefined || !unified) return undefined;
  const dir = join(unified, own, '..', name);
  const main = join(dir, 'main');
  try {
    mkdirSync(main, { recursive: true });
    writeFileSync(join(main, 'cgroup.procs'), String(process.pid));
    // The sandboxes' memory and pids limits need the controllers in the group they are made in.
    const available = readFileSync(join(dir, 'cgroup.controllers'), 'utf8');
    const wanted = ['memory', 'pids'].filter((controller) => available.split(/\s+/).includes(controller));
    if (wanted.length > 0)
      writeFileSync(join(dir, 'cgroup.subtree_control'), wanted.map((c) => `+${c}`).join(' '));
  } catch {
    return undefined;
  }
  const usage = () =>
    Number(/^usage_usec (\d+)$/m.exec(readFileSync(join(dir, 'cpu.stat'), 'utf8'))?.[1] ?? 0) / 1e6;
  const start = usage();
  return {
    kind: 'cgroup-v2',
    seconds: () => usage() - start,
    close: () => {
      writeFileSync(join(unified, own, 'cgroup.procs'), String(process.pid));
      for (const path of [main, dir])
        try {
          rmdirSync(path);
        } catch {
          // Still busy: left for the next run.
        }
    },
  };
}

/** A CPU meter for this process tree: a cgroup named `name` where one can be made, else reaped children. */
export function openCpuMeter(name: string): CpuMeter {
  const meter = tryV1(name) ?? tryV2(name);
  if (meter) return meter;
  const start = cpuWithReapedSeconds();
  return { kind: 'reaped', seconds: () => cpuWithReapedSeconds() - start, close: () => undefined };
}
