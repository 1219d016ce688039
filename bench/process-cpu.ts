/**
 * The benches' one reader of CPU time, from /proc/PID/stat (Linux): user and kernel seconds of a process, and
 * of the children it has reaped (a grading process's Vitest workers, reaped by it). CPU time is what the other
 * engineers' load on a shared machine skews least.
 */
import { readFileSync } from 'node:fs';

export interface CpuTimes {
  user: number;
  system: number;
  /** User and kernel seconds of the children this process has waited for. */
  reapedUser: number;
  reapedSystem: number;
}

/** CPU seconds of `pid` (this process by default) so far. */
export function cpuTimes(pid: number | 'self' = 'self'): CpuTimes {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // After "pid (comm) " (comm may hold spaces and brackets), field 14 of stat (utime) is index 11; stime,
  // cutime and cstime follow, in clock ticks of 1/100 s.
  const [utime = 0, stime = 0, cutime = 0, cstime = 0] = stat
    .slice(stat.lastIndexOf(')') + 2)
    .split(' ')
    .slice(11, 15)
    .map(Number);
  return { user: utime / 100, system: stime / 100, reapedUser: cutime / 100, reapedSystem: cstime / 100 };
}

/** CPU seconds of this process and every child it has reaped, in all. */
export function cpuWithReapedSeconds(): number {
  const t = cpuTimes();
  return t.user + t.system + t.reapedUser + t.reapedSystem;
}
