import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rmdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface SandboxLimits {
  /** Memory of the whole sandbox (every process in it), MB. */
  memoryMB: number;
  /** Processes and threads in the whole sandbox (Node has ~10 threads a process). */
  maxTasks: number;
  /** Largest file the learner's code may write, MB (cgroups do not bound the disk). */
  maxFileMB: number;
}

export const DEFAULT_SANDBOX_LIMITS: SandboxLimits = { memoryMB: 3072, maxTasks: 1024, maxFileMB: 64 };

/** How the limits were applied: per sandbox (a cgroup), or per process (rlimits) where no cgroup is writable. */
export type LimitsKind = 'cgroup-v2' | 'cgroup-v1' | 'prlimit';

/** How often, since the sandbox started, each limit stopped something: the cgroup's own event counters. */
export interface LimitCounters {
  /** Processes the kernel killed because the sandbox's memory was full (`oom_kill`). */
  memoryKills: number;
  /** Processes or threads the kernel refused to start at the task limit (`pids.events` `max`). */
  taskRefusals: number;
}

export interface AppliedLimits {
  kind: LimitsKind;
  /** The `cgroup.procs` files the sandbox's first process joins before bwrap starts. */
  cgroupProcs: string[];
  /** prlimit's options for the sandbox's processes. */
  rlimits: string[];
  /** Removes the cgroup once every process in it is gone. */
  release(): Promise<void>;
  /** The limits' event counters now; undefined with rlimits, which count nothing. Synchronous: a few bytes. */
  counters(): LimitCounters | undefined;
}

const CGROUP = '/sys/fs/cgroup';

/**
 * A cgroup for one sandbox (v2 where the unified hierarchy lets this process make one, else the v1 memory and
 * pids controllers), or, where neither is writable, rlimits on each process: `--as` (address space per process,
 * not the sandbox's total) and `--nproc` (per real uid: exact when each worker has a uid of its own, as when
 * the batch runs as root; otherwise counted with the user's other processes). `--fsize` always.
 * Written by hand: no package manages cgroups from Node, and this is a few files.
 */
export async function applyLimits(
  name: string,
  limits: SandboxLimits,
  ownUid: boolean,
): Promise<AppliedLimits> {
  const fsize = `--fsize=${limits.maxFileMB * 2 ** 20}`;
  const cgroup = (await cgroupV2(name, limits)) ?? (await cgroupV1(name, limits));
  if (cgroup) {
    return {
      kind: cgroup.kind,
      cgroupProcs: cgroup.procs,
      rlimits: [fsize],
      release: () => removeGroups(cgroup.dirs),
      counters: () => ({
        memoryKills: eventCount(cgroup.memoryEvents, 'oom_kill'),
        taskRefusals: eventCount(cgroup.pidsEvents, 'max'),
      }),
    };
  }
  const others = ownUid ? 0 : await processesOf(process.getuid?.() ?? 0);
  return {
    kind: 'prlimit',
    cgroupProcs: [],
    rlimits: [fsize, `--as=${limits.memoryMB * 2 ** 20}`, `--nproc=${others + limits.maxTasks}`],
    release: async () => undefined,
    counters: () => undefined,
  };
}

interface Cgroup {
  kind: LimitsKind;
  dirs: string[];
  procs: string[];
  /** v2 `memory.events`, v1 `memory.oom_control`: both have an `oom_kill` line (v1 since Linux 4.13). */
  memoryEvents: string;
  /** `pids.events` (v1 and v2): its `max` line counts the forks refused at `pids.max`. */
  pidsEvents: string;
}

/** The number on the `name` line of a cgroup's flat-keyed file; 0 when the file or the line is missing. */
function eventCount(file: string, name: string): number {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return 0;
  }
  const match = new RegExp(`^${name} (\\d+)$`, 'm').exec(text);
  return match ? Number(match[1]) : 0;
}

/** This process's cgroup path for a v1 controller, or for v2 (`''`). */
async function ownPath(controller: string): Promise<string | undefined> {
  const lines = (await readFile('/proc/self/cgroup', 'utf8').catch(() => '')).split('\n');
  for (const line of lines) {
    const [, controllers, path] = line.split(':');
    if (controllers?.split(',').includes(controller)) return path;
  }
  return undefined;
}

async function makeGroup(dir: string, settings: Record<string, string>): Promise<boolean> {
  try {
    await mkdir(dir, { recursive: true });
    for (const [file, value] of Object.entries(settings)) await writeFile(join(dir, file), value);
    return true;
  } catch {
    await rmdir(dir).catch(() => undefined);
    return false;
  }
}

async function cgroupV2(name: string, limits: SandboxLimits): Promise<Cgroup | undefined> {
  const own = await ownPath('');
  const unified = existsSync(join(CGROUP, 'cgroup.controllers'))
    ? CGROUP
    : existsSync(join(CGROUP, 'unified', 'cgroup.controllers'))
      ? join(CGROUP, 'unified')
      : undefined;
  if (own === undefined || !unified) return undefined;
  // A sibling of this process's cgroup: v2 puts no process in a cgroup whose children have controllers.
  const parent = own === '/' ? unified : join(unified, own, '..');
  const enabled = await readFile(join(parent, 'cgroup.subtree_control'), 'utf8').catch(() => '');
  if (!/\bmemory\b/.test(enabled) || !/\bpids\b/.test(enabled)) return undefined;
  const dir = join(parent, name);
  const made = await makeGroup(dir, {
    'memory.max': String(limits.memoryMB * 2 ** 20),
    'pids.max': String(limits.maxTasks),
  });
  return made
    ? {
        kind: 'cgroup-v2',
        dirs: [dir],
        procs: [join(dir, 'cgroup.procs')],
        memoryEvents: join(dir, 'memory.events'),
        pidsEvents: join(dir, 'pids.events'),
      }
    : undefined;
}

async function cgroupV1(name: string, limits: SandboxLimits): Promise<Cgroup | undefined> {
  const memory = await ownPath('memory');
  const pids = await ownPath('pids');
  if (memory === undefined || pids === undefined) return undefined;
  const memoryDir = join(CGROUP, 'memory', memory, name);
  const pidsDir = join(CGROUP, 'pids', pids, name);
  if (!(await makeGroup(memoryDir, { 'memory.limit_in_bytes': String(limits.memoryMB * 2 ** 20) })))
    return undefined;
  if (!(await makeGroup(pidsDir, { 'pids.max': String(limits.maxTasks) }))) {
    await rmdir(memoryDir).catch(() => undefined);
    return undefined;
  }
  return {
    kind: 'cgroup-v1',
    dirs: [memoryDir, pidsDir],
    procs: [join(memoryDir, 'cgroup.procs'), join(pidsDir, 'cgroup.procs')],
    memoryEvents: join(memoryDir, 'memory.oom_control'),
    pidsEvents: join(pidsDir, 'pids.events'),
  };
}

/** Removes the cgroups, waiting up to 2 s for the last killed processes of the sandbox to be gone. */
async function removeGroups(dirs: readonly string[]): Promise<void> {
  for (const dir of dirs) {
    for (let attempt = 0; attempt < 20; attempt++) {
      const removed = await rmdir(dir).then(
        () => true,
        (error: NodeJS.ErrnoException) => error.code === 'ENOENT',
      );
      if (removed) break;
      await new Promise((done) => setTimeout(done, 100));
    }
  }
}

/** How many processes (threads included, as RLIMIT_NPROC counts them) `uid` has now. */
async function processesOf(uid: number): Promise<number> {
  const { readdir, stat } = await import('node:fs/promises');
  let count = 0;
  for (const entry of await readdir('/proc').catch(() => [] as string[])) {
    if (!/^\d+$/.test(entry)) continue;
    const info = await stat(join('/proc', entry)).catch(() => undefined);
    if (info?.uid !== uid) continue;
    const status = await readFile(join('/proc', entry, 'status'), 'utf8').catch(() => '');
    count += Number(/^Threads:\s+(\d+)/m.exec(status)?.[1] ?? 1);
  }
  return count;
}
