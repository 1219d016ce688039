import { spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { constants } from 'node:os';
import { join } from 'node:path';
import type { LabResult } from '@cloudlab/grader/course';
import type { BatchSandbox, SandboxCommand } from '../sandbox/batch-sandbox.ts';
import type { WorkerJob, WorkerMessage } from './worker-protocol.ts';

export interface ChildLimits {
  /** Wall-clock budget of the whole submission; the child's process group is killed past it. */
  timeoutMs: number;
  /** V8 heap cap of the child and of the Vitest workers it starts (through NODE_OPTIONS). */
  maxOldSpaceMB: number;
}

export interface ChildOutcome {
  labs: LabResult[];
  /**
   * The labs being graded when the child died or was killed: one, or every lab of a run that grades several
   * at once (which of them did it cannot be told apart).
   */
  unfinished?: string[];
  /**
   * Why the child ended early: `timeout` (killed by the timer) or `crashed` (exit code or signal, or a limit
   * of its sandbox stopped one of its processes: then the message names the limit).
   */
  failure?: { kind: 'timeout' | 'crashed'; message: string };
  /** stdout + stderr, capped: scanned for leaked secrets, and the crash reason's last lines. */
  output: string;
}

/** The batch's sandbox and the worker slot this child grades for (its uid and cgroup); absent: no sandbox. */
export interface SlotSandbox {
  sandbox: BatchSandbox;
  slot: number;
}

export const OUTPUT_CAP = 256 * 1024;
const WORKER = join(import.meta.dirname, 'worker-main.ts');
/** Starts a grading child as `cloudlab grade` starts: Vitest, then the worker's TypeScript through Vite. */
export const CHILD_ENTRY = join(import.meta.dirname, 'child-entry.js');
// Only these of the instructor's variables reach a learner's code: never their AWS keys or profile.
const PASSED_THROUGH = ['PATH', 'LANG', 'LC_ALL', 'TZ', 'SystemRoot'];

/**
 * Grades one staged submission in a child process of its own (its own process group, so the Vitest
 * workers it starts die with it), with `env` (the learner's emulator account) as its only AWS settings;
 * inside a sandbox of its own when `sandboxed` is given (then every process in it dies with it).
 */
export async function gradeInChild(
  job: WorkerJob,
  workDir: string,
  env: Record<string, string>,
  limits: ChildLimits,
  sandboxed?: SlotSandbox,
): Promise<ChildOutcome> {
  const home = join(workDir, 'home');
  const tmp = join(workDir, 'tmp');
  await mkdir(home, { recursive: true });
  await mkdir(tmp, { recursive: true });
  const command = await spawnCommand([process.execPath, CHILD_ENTRY, WORKER], workDir, sandboxed, [workDir]);
  const child = spawn(command.file, command.args, {
    cwd: workDir,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    env: { ...childEnv(home, tmp, limits), ...sandboxed?.sandbox.env, ...env },
  });
  const labs: LabResult[] = [];
  let current: string | undefined;
  let output = '';
  const keep = (chunk: Buffer) => {
    if (output.length < OUTPUT_CAP) output += chunk.toString('utf8').slice(0, OUTPUT_CAP - output.length);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let timedOut = false;
  const killGroup = () => {
    try {
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  };
  // A limit of the sandbox stopped something: the run is cut short there, with that reason (limit-watch.ts).
  let limitNote: string | undefined;
  const stopAtLimit = (note: string) => {
    limitNote ??= note;
    killGroup();
  };
  const unwatch = command.limitWatch?.watch(stopAtLimit);
  child.on('message', (message: WorkerMessage) => {
    if (message.type === 'lab-start') current = message.folder;
    if (message.type === 'lab') {
      // A lab that ends after a limit stopped one of its processes reports what that death made of it.
      const breach = limitNote ?? command.limitWatch?.breach();
      if (breach) return stopAtLimit(breach);
      labs.push(message.result);
      current = undefined;
    }
  });
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup();
  }, limits.timeoutMs);
  // If the batch itself is stopped (Ctrl-C), no grading child may outlive it.
  process.once('exit', killGroup);
  // A child that dies at once closes the channel: its exit code tells the story, not the send error.
  child.send(job, (error) => error && keep(Buffer.from(`could not send the job: ${error.message}\n`)));

  const { code, signal } = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>(
    (done) => {
      child.once('exit', (exitCode, exitSignal) => done({ code: exitCode, signal: exitSignal }));
      child.once('error', (error) => {
        keep(Buffer.from(`could not start the grading process: ${error.message}\n`));
        done({ code: null, signal: null });
      });
    },
  );
  clearTimeout(timer);
  unwatch?.();
  process.off('exit', killGroup);
  // The child's own Vitest workers may still be alive when it crashed: end the whole group.
  killGroup();
  // Read before the cgroup goes: the kernel may have killed the grading child itself for memory.
  limitNote ??= command.limitWatch?.breach();
  await command.release();

  const outcome: ChildOutcome = { labs, output, ...(current ? { unfinished: [current] } : {}) };
  if (limitNote) {
    outcome.failure = { kind: 'crashed', message: limitNote };
  } else if (timedOut) {
    outcome.failure = timeoutFailure(limits);
  } else if (code !== 0 || labs.length < job.labs.length) {
    outcome.failure = crashFailure(code, signal, output);
  }
  return outcome;
}

/**
 * The command line of a grading child: `command` itself, or `command` in a fresh sandbox whose only writable
 * folder is `workDir`, `owned` (folders in it) handed to the slot's user first. `workDir`'s parent stays the
 * batch's: the slot's user cannot swap what the batch walks for a link.
 */
export async function spawnCommand(
  command: string[],
  workDir: string,
  sandboxed: SlotSandbox | undefined,
  owned: string[],
): Promise<SandboxCommand> {
  if (!sandboxed) return { file: command[0]!, args: command.slice(1), release: async () => undefined };
  await sandboxed.sandbox.own(sandboxed.slot, owned);
  return sandboxed.sandbox.command(sandboxed.slot, { writable: [workDir], cwd: workDir }, command);
}

/** The environment of a grading child: none of the instructor's AWS variables, a home and temp of its own. */
export function childEnv(home: string, tmp: string, limits: ChildLimits): Record<string, string> {
  const base = Object.fromEntries(
    PASSED_THROUGH.flatMap((name) => (process.env[name] ? [[name, process.env[name]!]] : [])),
  );
  return {
    ...base,
    // A home and temp folder of its own: no ~/.aws of the instructor, and leftovers stay in the output.
    HOME: home,
    TMPDIR: tmp,
    NO_COLOR: '1',
    NODE_OPTIONS: `--max-old-space-size=${limits.maxOldSpaceMB}`,
  };
}

/** Why a grading child ended before its job was done, with the last lines it printed. */
export function crashFailure(
  code: number | null,
  signal: NodeJS.Signals | null,
  output: string,
): NonNullable<ChildOutcome['failure']> {
  const tail = output.trim().split('\n').slice(-3).join(' | ').slice(0, 300);
  // Through the sandbox's sh and bwrap a killed child comes back as exit code 128 + its signal's number.
  const relayed =
    !signal && code !== null && code > 128
      ? Object.entries(constants.signals).find(([, number]) => number === code - 128)?.[0]
      : undefined;
  const killedBy = signal ?? relayed;
  const how = killedBy ? `was killed by ${killedBy}` : `exited with code ${code}`;
  const memory = /heap out of memory|Allocation failed/i.test(output) ? ' (out of memory)' : '';
  return { kind: 'crashed', message: `the grading process ${how}${memory}${tail ? `: ${tail}` : ''}` };
}

/** What grades one staged submission: a fresh child (gradeInChild) or a warm worker (WarmWorker.grade). */
export type JobRunner = (
  job: WorkerJob,
  workDir: string,
  env: Record<string, string>,
  limits: ChildLimits,
) => Promise<ChildOutcome>;

export function timeoutFailure(limits: ChildLimits): NonNullable<ChildOutcome['failure']> {
  return {
    kind: 'timeout',
    message: `grading stopped after ${Math.round(limits.timeoutMs / 1000)} s (an endless loop outside any check, or a very slow submission)`,
  };
}
