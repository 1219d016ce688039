import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { LabResult } from '@cloudlab/grader/course';
import type { LimitWatch } from '../sandbox/limit-watch.ts';
import {
  CHILD_ENTRY,
  type ChildLimits,
  type ChildOutcome,
  childEnv,
  crashFailure,
  OUTPUT_CAP,
  type SlotSandbox,
  spawnCommand,
  timeoutFailure,
} from './grade-in-child.ts';
import type { WarmWorkerJob, WorkerJob, WorkerMessage } from './worker-protocol.ts';

const WORKER = join(import.meta.dirname, 'warm-worker-main.ts');
// Variables that stay the same for the whole batch: the child has them from the start, so the lab's
// globalSetup sees an endpoint and never starts an emulator of its own.
const BATCH_WIDE = ['AWS_ENDPOINT_URL', 'AWS_REGION', 'CLOUDLAB_TARGET'];

export interface WarmWorkerOptions {
  /** The worker's own folder (inside the batch's output): its HOME and TMPDIR live here. */
  dir: string;
  /** A child whose resident memory after a job is above this is replaced before the next job. */
  recycleAboveMB: number;
  /** The sandbox the warm child lives in, for all its learners (SECURITY.md, item 3); absent: none. */
  sandbox?: SlotSandbox;
}

/**
 * One batch worker's warm grading child (warm-worker-main.ts): started on the first job, it grades job
 * after job on the Vitest instances it keeps. Each job has the limits of the one-child-per-submission path:
 * past `limits.timeoutMs` the child's process group is killed; a child that crashes, is killed or grew past
 * `recycleAboveMB` is replaced by a fresh one for the next job, so one learner never takes the batch down.
 */
export class WarmWorker {
  #child: ChildProcess | undefined;
  #exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }> | undefined;
  #onMessage: ((message: WorkerMessage) => void) | undefined;
  #output = '';
  #release: (() => Promise<void>) | undefined;
  /** The warm child's sandbox limits, counted per job (limit-watch.ts). */
  #limitWatch: LimitWatch | undefined;
  /** How many grading children this worker started (1 + each recycle): for tests and the bench. */
  started = 0;
  /** The highest resident memory (MB) a child of this worker reported after a submission. */
  peakRssMB = 0;

  constructor(private readonly options: WarmWorkerOptions) {}

  /** A JobRunner: grades one staged submission on the warm child. `workDir` is the submission's staged folder. */
  grade = async (
    job: WorkerJob,
    workDir: string,
    env: Record<string, string>,
    limits: ChildLimits,
  ): Promise<ChildOutcome> => {
    const child = await this.#ensureChild(env, limits);
    // Each submission finds an empty home: nothing the previous learner left there (~/.aws/config) is read.
    // TMPDIR is kept: the warm Vitest instances keep their watchdog folders there.
    const home = join(this.options.dir, 'home');
    await rm(home, { recursive: true, force: true });
    await mkdir(home, { recursive: true });
    // The submission was staged by the batch just now: the sandbox's user must be able to write it.
    await this.options.sandbox?.sandbox.own(this.options.sandbox.slot, [home, workDir]);
    const exited = this.#exited!;
    const labs: LabResult[] = [];
    // Labs started and not reported, in order: a shared run starts them all at once.
    const started: string[] = [];
    // The labs of the run in progress: a limit seen after one of a shared run's labs reported may still have
    // been that lab's doing (the counters lag the kill), so a note names them all.
    let running: string[] = [];
    let rssMB: number | undefined;
    this.#output = '';
    // Only this learner's limit events count (the sandbox is the slot's, for learner after learner).
    const watch = this.#limitWatch;
    watch?.reset();
    let limitNote: string | undefined;
    let stopAtLimit: (note: string) => void = () => undefined;
    const limited = new Promise<'limit'>((done) => {
      stopAtLimit = (note) => {
        limitNote ??= note;
        done('limit');
      };
    });
    const unwatch = watch?.watch(stopAtLimit);
    const finished = new Promise<'done'>((done) => {
      this.#onMessage = (message) => {
        if (message.type === 'lab-start') {
          if (started.length === 0) running = [];
          started.push(message.folder);
          running.push(message.folder);
        }
        if (message.type === 'lab') {
          // A lab that ends after a limit stopped one of its processes reports what that death made of it.
          const breach = limitNote ?? watch?.breach();
          if (breach) return stopAtLimit(breach);
          labs.push(message.result);
          // Results come in the order their labs started.
          started.shift();
        }
        if (message.type === 'done') {
          rssMB = message.rssMB;
          this.peakRssMB = Math.max(this.peakRssMB, rssMB ?? 0);
          done('done');
        }
      };
    });
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((done) => {
      timer = setTimeout(() => done('timeout'), limits.timeoutMs);
    });
    const message: WarmWorkerJob = { type: 'job', ...job, env };
    child.send(message, (error) => error && this.#keep(`could not send the job: ${error.message}\n`));
    const ended = await Promise.race([finished, timedOut, exited, limited]);
    clearTimeout(timer);
    unwatch?.();
    this.#onMessage = undefined;
    // The kernel may have killed the grading child itself for memory: the counters say so, the exit cannot.
    limitNote ??= watch?.breach();

    const unfinished = limitNote && running.length > 0 ? running : started.slice(0, 1);
    const outcome: ChildOutcome = {
      labs,
      output: this.#output,
      ...(unfinished.length > 0 ? { unfinished } : {}),
    };
    if (limitNote) {
      // What the limit stopped may be any process of the sandbox: the next learner gets a fresh one.
      await this.#stop();
      outcome.failure = { kind: 'crashed', message: limitNote };
    } else if (ended === 'timeout') {
      await this.#stop();
      outcome.failure = timeoutFailure(limits);
    } else if (typeof ended === 'object') {
      await this.#stop();
      outcome.failure = crashFailure(ended.code, ended.signal, this.#output);
    } else if (rssMB !== undefined && rssMB > this.options.recycleAboveMB) {
      // Grown past the ceiling (a leak, or a learner's code kept alive): the next job gets a fresh child.
      await this.#stop();
    }
    return outcome;
  };

  /** Ends the warm child and every test worker it started. */
  async close(): Promise<void> {
    await this.#stop();
  }

  async #ensureChild(env: Record<string, string>, limits: ChildLimits): Promise<ChildProcess> {
    if (this.#child) return this.#child;
    const home = join(this.options.dir, 'home');
    const tmp = join(this.options.dir, 'tmp');
    // A fresh child starts from a clean home and temp: nothing a crashed job left there is carried on.
    await rm(home, { recursive: true, force: true });
    await rm(tmp, { recursive: true, force: true });
    await mkdir(home, { recursive: true });
    await mkdir(tmp, { recursive: true });
    const batchWide = Object.fromEntries(
      BATCH_WIDE.flatMap((name) => (env[name] ? [[name, env[name]]] : [])),
    );
    // The worker's folder itself stays the batch's: the submission staged in it is handed over job by job.
    const command = await spawnCommand(
      [process.execPath, CHILD_ENTRY, WORKER],
      this.options.dir,
      this.options.sandbox,
      [home, tmp],
    );
    this.#release = command.release;
    this.#limitWatch = command.limitWatch;
    const child = spawn(command.file, command.args, {
      cwd: this.options.dir,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      env: { ...childEnv(home, tmp, limits), ...this.options.sandbox?.sandbox.env, ...batchWide },
    });
    this.started++;
    const keep = (chunk: Buffer) => this.#keep(chunk.toString('utf8'));
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.on('message', (message: WorkerMessage) => this.#onMessage?.(message));
    this.#exited = new Promise((done) => {
      child.once('exit', (code, signal) => done({ code, signal }));
      child.once('error', (error) => {
        this.#keep(`could not start the grading process: ${error.message}\n`);
        done({ code: null, signal: null });
      });
    });
    // If the batch itself is stopped (Ctrl-C), no grading child may outlive it.
    process.once('exit', this.#killGroup);
    this.#child = child;
    return child;
  }

  #keep(text: string): void {
    if (this.#output.length < OUTPUT_CAP) this.#output += text.slice(0, OUTPUT_CAP - this.#output.length);
  }

  #killGroup = () => {
    try {
      if (this.#child?.pid) process.kill(-this.#child.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  };

  async #stop(): Promise<void> {
    if (!this.#child) return;
    // Kill, not ask: a child that was killed mid-job or is stuck must not keep its test workers alive.
    this.#killGroup();
    await this.#exited;
    await this.#release?.();
    this.#release = undefined;
    this.#limitWatch = undefined;
    process.off('exit', this.#killGroup);
    this.#child = undefined;
    this.#exited = undefined;
  }
}
