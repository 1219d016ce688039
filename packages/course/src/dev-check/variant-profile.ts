import { appendFileSync, readdirSync, readFileSync } from 'node:fs';

/**
 * Where a dev check's CPU goes, variant by variant: with CLOUDLAB_DEV_CHECK_PROFILE=<file>, each graded variant
 * appends one JSON line (lab, variant, test files run, CPU ms of this process tree, wall ms). CPU, not wall
 * time: the machines that run it are shared. The tree's CPU includes the emulator and other labs graded at the
 * same time, so profile one lab at a time (`--jobs 1`) to attribute it.
 */
export const PROFILE_ENV = 'CLOUDLAB_DEV_CHECK_PROFILE';

export interface VariantProfile {
  lab: string;
  variant: string;
  stages: number;
  files: number;
  cpuMs: number;
  wallMs: number;
}

/** Starts measuring one variant; the returned function records it (a no-op when profiling is off). */
export function profileVariant(
  lab: string,
  variant: string,
): (run: { stages: number; files: number }) => void {
  const file = process.env[PROFILE_ENV];
  if (!file) return () => {};
  const cpu = treeCpuMs();
  const started = performance.now();
  return (run) => {
    const line: VariantProfile = {
      lab,
      variant,
      ...run,
      cpuMs: treeCpuMs() - cpu,
      wallMs: Math.round(performance.now() - started),
    };
    appendFileSync(file, `${JSON.stringify(line)}\n`);
  };
}

/**
 * CPU ms of this process, the children it reaped and every live descendant (Linux /proc; 0 elsewhere). A kept
 * Vitest worker lives across variants, so its own counters are read, not only reaped children's.
 */
export function treeCpuMs(): number {
  let procs: { pid: number; ppid: number; ticks: number }[];
  try {
    procs = readdirSync('/proc')
      .filter((name) => /^\d+$/.test(name))
      .flatMap((name) => {
        try {
          const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
          const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
          // After "pid (comm) ": ppid is field 4 (index 1); utime, stime, cutime, cstime are 14–17 (11–14).
          const ticks = fields.slice(11, 15).reduce((sum, value) => sum + Number(value), 0);
          return [{ pid: Number(name), ppid: Number(fields[1]), ticks }];
        } catch {
          return []; // ended while listed
        }
      });
  } catch {
    return 0;
  }
  const children = new Map<number, number[]>();
  for (const p of procs) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p.pid]);
  const ticks = new Map(procs.map((p) => [p.pid, p.ticks]));
  let total = 0;
  const queue = [process.pid];
  while (queue.length > 0) {
    const pid = queue.pop() as number;
    total += ticks.get(pid) ?? 0;
    queue.push(...(children.get(pid) ?? []));
  }
  return total * 10; // clock ticks of 1/100 s
}
