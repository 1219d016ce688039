import { readdir, readFile } from 'node:fs/promises';

/**
 * Inside a warm sandbox, between two learners: kills every process of the sandbox's PID namespace that is not
 * its init (pid 1) or this grading child and its descendants (the kept Vitest workers). What a learner started
 * and left behind (`setsid`, double-forked daemons) was re-parented to pid 1 when its test worker died, so
 * it cannot reach the next learner. Repeated while something is killed: a killed stray's children re-parent too.
 * Does nothing outside a sandbox's PID namespace (`sandboxed` false, or this process not pid 2 under pid 1).
 */
export async function sweepStrays(sandboxed: boolean): Promise<number> {
  if (!sandboxed || process.pid !== 2 || process.ppid !== 1) return 0;
  let killed = 0;
  for (let round = 0; round < 10; round++) {
    const parents = new Map<number, number>();
    for (const entry of await readdir('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
      // The command may hold spaces and parentheses: fields after the last ')' are fixed.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (Number.isInteger(ppid)) parents.set(Number(entry), ppid);
    }
    const ours = (pid: number): boolean => {
      for (let at: number | undefined = pid; at !== undefined && at > 1; at = parents.get(at))
        if (at === process.pid) return true;
      return false;
    };
    const strays = [...parents.keys()].filter((pid) => pid !== 1 && !ours(pid));
    if (strays.length === 0) break;
    for (const pid of strays) {
      try {
        process.kill(pid, 'SIGKILL');
        killed++;
      } catch {
        // Gone already.
      }
    }
    await new Promise((done) => setTimeout(done, 20));
  }
  return killed;
}
