/**
 * The benches' one reader of process memory, from /proc (Linux): a process's RSS and peak RSS, and a process
 * tree's, each process's RSS and PSS named by its role. RSS counts a page once per process that maps it, so a
 * tree of node processes counts node's own binary and libraries once per process (~30 MB each); PSS splits
 * every shared page between its sharers, so the PSS of a tree sums to what it takes from the machine. Benches
 * report both.
 */
import { readdirSync, readFileSync } from 'node:fs';

export interface ProcessMemory {
  pid: number;
  role: string;
  rssMB: number;
  pssMB: number;
}

/** A size field of /proc/PID/status (`VmRSS` now, `VmHWM` its peak), in MB. */
export function statusMB(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no ${field} in /proc/${pid}/status`);
  return Number(match[1]) / 1024;
}

/** What a process in a grading tree is, from its command line. */
function roleOf(pid: number, root: number): string {
  if (pid === root) return 'main';
  let command = '';
  try {
    command = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return 'other';
  }
  // A process that is exiting has no command line left, but can still hold its memory for a moment.
  if (command === '') return 'exiting';
  if (command.includes('bootstrap.mjs')) return 'lambda';
  if (command.includes('esbuild')) return 'esbuild';
  if (command.includes('vitest') || command.includes('kept-fork-entry')) return 'test worker';
  // Anything else by its script's name, e.g. "other (credential-helper.mjs)".
  const script = command.split('\0').find((arg, i) => i > 0 && !arg.startsWith('-'));
  return script ? `other (${script.split('/').pop()})` : 'other';
}

/** Kilobytes of one field of smaps_rollup, in MB; undefined when the process is gone or the file is missing. */
function pssMB(pid: number): number | undefined {
  try {
    const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    const kb = /^Pss:\s+(\d+)/m.exec(rollup)?.[1];
    return kb === undefined ? undefined : Number(kb) / 1024;
  } catch {
    return undefined;
  }
}

/** `root` and every descendant, with their memory now. */
export function treeMemory(root: number): ProcessMemory[] {
  const children = new Map<number, number[]>();
  const rss = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const pid = Number(name);
      rss.set(pid, (Number(fields[21]) * 4096) / 2 ** 20);
      const ppid = Number(fields[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), pid]);
    } catch {
      // The process ended while we read it.
    }
  }
  const tree: ProcessMemory[] = [];
  for (const stack = [root]; stack.length > 0; ) {
    const pid = stack.pop() as number;
    const rssMB = rss.get(pid);
    if (rssMB !== undefined) tree.push({ pid, role: roleOf(pid, root), rssMB, pssMB: pssMB(pid) ?? rssMB });
    stack.push(...(children.get(pid) ?? []));
  }
  return tree;
}

/** The RSS of `root` and every descendant now, in MB (tsx, for one, keeps an esbuild service beside node). */
export function treeRssMB(root: number): number {
  return treeMemory(root).reduce((sum, p) => sum + p.rssMB, 0);
}

/** The peaks of a tree sampled over time, and who held the memory at the RSS peak. */
export class TreePeak {
  rssMB = 0;
  pssMB = 0;
  /** "main 215, test worker 145, lambda 2×70" at the RSS peak. */
  atPeak = '';

  sample(root: number): void {
    const tree = treeMemory(root);
    const rss = tree.reduce((sum, p) => sum + p.rssMB, 0);
    this.pssMB = Math.max(
      this.pssMB,
      tree.reduce((sum, p) => sum + p.pssMB, 0),
    );
    if (rss <= this.rssMB) return;
    this.rssMB = rss;
    const byRole = new Map<string, number[]>();
    for (const p of tree) byRole.set(p.role, [...(byRole.get(p.role) ?? []), p.rssMB]);
    this.atPeak = [...byRole]
      .map(([role, sizes]) => {
        const total = sizes.reduce((a, b) => a + b, 0);
        return sizes.length === 1
          ? `${role} ${total.toFixed(0)}`
          : `${role} ${sizes.length}×${(total / sizes.length).toFixed(0)}`;
      })
      .join(', ');
  }
}
