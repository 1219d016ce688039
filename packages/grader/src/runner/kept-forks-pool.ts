import { type ChildProcess, fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PoolOptions, PoolRunnerInitializer, PoolWorker, TestProject, WorkerRequest } from 'vitest/node';

/**
 * A Vitest pool like `forks`, except that the test worker process outlives the run. Vitest 4 stops every
 * worker at the end of a run, so each re-grade (watch, a batch of submissions) paid for a new process and for
 * importing the AWS SDK again: about 0.6–1 s of a lab's 1–2 s. Here the worker is parked when Vitest stops it
 * and handed to the next run of the same project, which skips Vitest's start/stop handshake (the worker is
 * already set up) and finds the SDK in Node's module cache.
 *
 * What a fresh worker would give, a kept one gives too: the caller invalidates every module Vite inlined
 * (test files, the lab's code, workspace packages) before each run (see `inlinedModuleFiles`), so only
 * node_modules packages stay loaded; the next run's environment replaces the last one's (kept-fork-entry.js).
 * A worker that died, grew past `maxRssMB`, or was stopped in the middle of a file is not kept.
 * Only for `isolate: false` projects: with isolation each file must get a fresh process anyway.
 */
export const KEPT_FORKS_POOL = 'cloudlab-kept-forks';

const ENTRY = fileURLToPath(new URL('../runtime/kept-fork-entry.js', import.meta.url));
const DEFAULT_MAX_RSS_MB = 450;

interface Parked {
  child: ChildProcess;
  execArgv: string;
  /** A spare (see startSpareWorkers): started, never set up by Vitest, never ran a test. */
  spare?: boolean;
}
/** Parked workers per project: a run with N workers parks N of them. */
const parked = new WeakMap<TestProject, Parked[]>();
/** Spares started for a project's next run, parked only once the current run's workers are gone. */
const spares = new WeakMap<TestProject, Parked[]>();
/** The list of the course's package files each project's spares load while they wait (see preloadInSpares). */
const preloads = new WeakMap<TestProject, string>();
/** What a spare needs that only a worker of the project knows: Vitest's worker entry and the worker's flags. */
const lastStart = new WeakMap<TestProject, { distPath: string; execArgv: string[] }>();
const live = new Set<ChildProcess>();
/** Each project's worker processes still running (parked, in a run, or spare). */
const liveOf = new WeakMap<TestProject, Set<ChildProcess>>();

export function keptForksPool(options: { maxRssMB?: number } = {}): PoolRunnerInitializer {
  const maxRssMB = options.maxRssMB ?? DEFAULT_MAX_RSS_MB;
  return { name: KEPT_FORKS_POOL, createPoolWorker: (pool) => new KeptForkWorker(pool, maxRssMB) };
}

/**
 * Switches resolved projects from `forks` to this pool. Set on the resolved config because a pool object given
 * to createVitest() loses to the lab config file's `pool: 'forks'` when Vitest merges the two.
 */
export function useKeptForksPool(projects: readonly TestProject[], options?: { maxRssMB?: number }): void {
  const pool = keptForksPool(options);
  for (const project of projects) {
    if (project.config.pool !== 'forks' || project.config.isolate !== false) continue;
    Object.assign(project.config, { pool: pool.name, poolRunner: pool });
  }
}

/**
 * Stops the parked workers of each project (the grader closes its Vitest instance) and waits for them to
 * exit, so they are reaped: their CPU time then counts in this process's children (bench/batch.ts reads it).
 */
export async function stopKeptWorkers(projects: readonly TestProject[]): Promise<void> {
  const stopping: Promise<void>[] = [];
  for (const project of projects) {
    for (const entry of parked.get(project) ?? []) stopping.push(stopChild(entry.child));
    parked.delete(project);
  }
  await Promise.all(stopping);
}

/** Stops the spares not yet handed over (the grader closes its Vitest instance). */
export async function stopSpareWorkers(projects: readonly TestProject[]): Promise<void> {
  const stopping: Promise<void>[] = [];
  for (const project of projects) {
    for (const entry of spares.get(project) ?? []) stopping.push(stopChild(entry.child));
    spares.delete(project);
  }
  await Promise.all(stopping);
}

/**
 * One worker per run: starts a spare worker process for each project's next run, beside the current one.
 * It gets `env` only (never a run's environment: a learner's keys would stay readable in its
 * /proc/<pid>/environ), and is handed over by `retireKeptWorkers` once the current run is done. Call during a
 * run: a project is known from its first run on.
 */
export function startSpareWorkers(projects: readonly TestProject[], env: Record<string, string>): void {
  for (const project of projects) {
    const start = lastStart.get(project);
    if (!start || project.config.isolate !== false || (spares.get(project)?.length ?? 0) > 0) continue;
    const child = forkWorker(start.distPath, env, start.execArgv, project, preloads.get(project));
    spares.set(project, [{ child, execArgv: JSON.stringify(start.execArgv), spare: true }]);
  }
}

/**
 * The spares started from now on load the files listed in `listFile` (one a line) while they wait. The list
 * must come from a trusted process (listLoadedPackages of a no-code collection), never from a worker that
 * ran a learner's code: each file listed is run in the next learner's worker. `listFile` lives where no
 * test worker is told to look (not the run folder).
 */
export function preloadInSpares(projects: readonly TestProject[], listFile: string): void {
  for (const project of projects) preloads.set(project, listFile);
}

/**
 * A worker forked before any Vitest instance exists (head-start-worker.ts): the first run of a project whose
 * worker starts with the same entry and flags adopts it as it adopts a spare. Never used after a run began.
 */
let headStart: { child: ChildProcess; distPath: string; execArgv: string } | undefined;

/**
 * Forks the head-start worker: Vitest's worker entry at `distPath` with `execArgv`, as a previous process's
 * run started it, loading `preloadList` while it waits. Unreferenced until adopted: a worker nobody adopts
 * (the flags changed) ends with this process.
 */
export function startHeadStartWorker(
  start: WorkerStart,
  env: Record<string, string | undefined>,
  preloadList?: string,
): void {
  if (headStart) return;
  // No project yet: its output is piped to the project's logger once a start adopts it.
  const child = forkWorker(start.distPath, env, start.execArgv, undefined, preloadList);
  child.unref();
  (child.channel as { unref?: () => void } | undefined)?.unref?.();
  headStart = { child, distPath: start.distPath, execArgv: JSON.stringify(start.execArgv) };
}

/** The head-start worker, when it was started like the worker `distPath` and `execArgv` describe. */
function takeHeadStart(distPath: string, execArgv: string): ChildProcess | undefined {
  const early = headStart;
  if (!early || early.child.exitCode !== null || early.child.signalCode !== null) return undefined;
  if (early.distPath !== distPath || early.execArgv !== execArgv) return undefined;
  headStart = undefined;
  return early.child;
}

function discardHeadStart(): void {
  const early = headStart;
  headStart = undefined;
  if (early) void stopChild(early.child);
}

/** How a worker of a project starts: what a later process needs to fork one before Vitest is up. */
export interface WorkerStart {
  distPath: string;
  execArgv: string[];
}

/** How the first of `projects` started its worker in this process, once one did. */
export function workerStartOf(projects: readonly TestProject[]): WorkerStart | undefined {
  const project = projects[0];
  return project ? lastStart.get(project) : undefined;
}

/**
 * The node_modules files (the course's packages: the SDK, its dependencies) in the require.cache of the
 * projects' workers: after a no-code collection, exactly what the course's tests import. Empty when no worker
 * runs (an isolated project) or it does not answer within a second. Ask only a session whose workers never
 * ran a learner's code.
 */
export async function listLoadedPackages(projects: readonly TestProject[]): Promise<string[]> {
  const children = projects.flatMap((project) => [...(liveOf.get(project) ?? [])]);
  const lists = await Promise.all(children.map(askLoadedModules));
  return [...new Set(lists.flat().filter((file) => file.includes(`${sep}node_modules${sep}`)))];
}

function askLoadedModules(child: ChildProcess): Promise<string[]> {
  return new Promise((resolve) => {
    const done = (files: string[]) => {
      clearTimeout(timer);
      child.off('message', onMessage);
      resolve(files);
    };
    const onMessage = (message: unknown) => {
      const files = (message as { __cloudlab_loaded_modules__?: unknown })?.__cloudlab_loaded_modules__;
      if (Array.isArray(files)) done(files.filter((file): file is string => typeof file === 'string'));
    };
    const timer = setTimeout(() => done([]), 1_000);
    child.on('message', onMessage);
    if (!child.connected) return done([]);
    child.send({ __cloudlab_kept_worker__: { listModules: true } });
  });
}

/**
 * Ends every parked worker (each ran a learner's code) and parks the spares in their place, so the next run
 * never sees a process an earlier run used.
 */
export async function retireKeptWorkers(
  projects: readonly TestProject[],
  env: Record<string, string>,
): Promise<void> {
  await stopKeptWorkers(projects);
  // A run that started before any worker of its project existed has no spare: one is started now.
  startSpareWorkers(projects, env);
  for (const project of projects) {
    const ready = spares.get(project) ?? [];
    spares.delete(project);
    if (ready.length > 0) parked.set(project, ready);
  }
}

/**
 * Every file the projects' Vite module graphs hold: what a kept worker may have evaluated. Handed to Vitest as
 * the run's invalidations, so the worker evaluates them afresh, as a new process would.
 */
export function inlinedModuleFiles(projects: readonly TestProject[]): string[] {
  const files = new Set<string>();
  for (const project of projects) {
    for (const environment of Object.values(project.vite.environments)) {
      for (const file of environment.moduleGraph.fileToModulesMap.keys()) files.add(file);
    }
  }
  return [...files];
}

class KeptForkWorker implements PoolWorker {
  readonly name = KEPT_FORKS_POOL;
  readonly cacheFs = true;
  #child: ChildProcess | undefined;
  #adopted = false;
  /** A `run` or `collect` was sent and its `testfileFinished` has not come back: not safe to keep. */
  #busy = false;
  #listeners: [string, (arg: unknown) => void][] = [];
  /** The runner's 'message' callbacks, each with the wrapper that tracks `#busy` around it. */
  #messageCallbacks = new Map<(arg: unknown) => void, (arg: unknown) => void>();

  constructor(
    private readonly options: PoolOptions,
    private readonly maxRssMB: number,
  ) {}

  /** An isolated project gives each file a fresh process: nothing is kept for it. */
  get #keepable(): boolean {
    return this.options.project.config.isolate === false;
  }

  private get child(): ChildProcess {
    if (!this.#child) throw new Error('cloudlab kept-forks pool: the worker process is not running');
    return this.#child;
  }

  async start(): Promise<void> {
    const execArgv = JSON.stringify(this.options.execArgv);
    lastStart.set(this.options.project, {
      distPath: this.options.distPath,
      execArgv: [...this.options.execArgv],
    });
    const entry = parked.get(this.options.project)?.pop();
    if (entry && this.#keepable && entry.child.exitCode === null && entry.execArgv === execArgv) {
      this.#child = entry.child;
      // A spare was never set up by Vitest: its start handshake goes through.
      this.#adopted = !entry.spare;
      this.#child.ref();
      (this.#child.channel as { ref?: () => void } | undefined)?.ref?.();
      this.#child.send({ __cloudlab_kept_worker__: { env: this.options.env } });
      return;
    }
    entry?.child.kill();
    const early = this.#keepable ? takeHeadStart(this.options.distPath, execArgv) : undefined;
    if (early) {
      this.#child = early;
      attachToProject(early, this.options.project);
      early.ref();
      (early.channel as { ref?: () => void } | undefined)?.ref?.();
      this.#child.send({ __cloudlab_kept_worker__: { env: this.options.env } });
      return;
    }
    // A worker forked ahead that this first start could not use never will: it goes (a `watch` lasts hours).
    discardHeadStart();
    this.#child = forkWorker(
      this.options.distPath,
      this.options.env,
      this.options.execArgv,
      this.options.project,
    );
  }

  send(message: WorkerRequest): void {
    if (message.type === 'start' && this.#adopted) {
      this.#answer({ type: 'started' });
    } else if (message.type === 'stop') {
      // The worker is kept, not torn down: Vitest's stop handshake is answered here.
      this.#answer({ type: 'stopped' });
    } else {
      if (message.type === 'run' || message.type === 'collect') this.#busy = true;
      this.child.send(message);
    }
  }

  on(event: string, callback: (arg: unknown) => void): void {
    if (event === 'message') {
      const wrapped = (arg: unknown) => {
        if ((arg as { type?: string } | undefined)?.type === 'testfileFinished') this.#busy = false;
        callback(arg);
      };
      this.#listeners.push([event, wrapped]);
      this.#messageCallbacks.set(callback, wrapped);
      this.child.on(event, wrapped);
      return;
    }
    this.#listeners.push([event, callback]);
    this.child.on(event, callback);
  }

  off(event: string, callback: (arg: unknown) => void): void {
    const target = (event === 'message' && this.#messageCallbacks.get(callback)) || callback;
    if (event === 'message') this.#messageCallbacks.delete(callback);
    this.#listeners = this.#listeners.filter(([name, listener]) => !(name === event && listener === target));
    this.#child?.off(event, target);
  }

  deserialize(data: unknown): unknown {
    return data;
  }

  async stop(): Promise<void> {
    const child = this.#child;
    this.#child = undefined;
    if (!child) return;
    for (const [event, listener] of this.#listeners) child.off(event, listener);
    this.#listeners = [];
    this.#messageCallbacks.clear();
    const keep =
      this.#keepable &&
      child.exitCode === null &&
      child.signalCode === null &&
      child.connected &&
      !this.#busy &&
      rssMB(child.pid) <= this.maxRssMB;
    if (keep) {
      // Parked: it must not keep the grader's process alive, and it leaves when that process does.
      child.unref();
      (child.channel as { unref?: () => void } | undefined)?.unref?.();
      const list = parked.get(this.options.project) ?? [];
      list.push({ child, execArgv: JSON.stringify(this.options.execArgv) });
      parked.set(this.options.project, list);
      return;
    }
    await stopChild(child);
  }

  /** A reply the worker would have sent, delivered to the runner's listeners on a later tick. */
  #answer(response: { type: string }): void {
    const message = { ...response, __vitest_worker_response__: true };
    const listeners = [...this.#messageCallbacks.keys()];
    setImmediate(() => {
      for (const listener of listeners) listener(message);
    });
  }
}

function forkWorker(
  distPath: string,
  env: PoolOptions['env'],
  execArgv: string[],
  project: TestProject | undefined,
  preloadList?: string,
): ChildProcess {
  const child = fork(ENTRY, [join(distPath, 'workers/forks.js'), ...(preloadList ? [preloadList] : [])], {
    env,
    execArgv,
    stdio: 'pipe',
    serialization: 'advanced',
  });
  live.add(child);
  child.once('exit', () => live.delete(child));
  if (project) attachToProject(child, project);
  return child;
}

/** The worker's output goes to the project's logger, and it counts among the project's live workers. */
function attachToProject(child: ChildProcess, project: TestProject): void {
  const { outputStream, errorStream } = project.vitest.logger;
  child.stdout?.pipe(outputStream, { end: false });
  child.stderr?.pipe(errorStream, { end: false });
  const ofProject = liveOf.get(project) ?? new Set<ChildProcess>();
  liveOf.set(project, ofProject.add(child));
  child.once('exit', () => ofProject.delete(child));
}

/** SIGTERM, then SIGKILL if the student's code ignores it (as Vitest's own forks pool does). */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const killTimer = setTimeout(() => child.kill('SIGKILL'), 2_000);
  child.kill();
  await exited;
  clearTimeout(killTimer);
}

function rssMB(pid: number | undefined): number {
  if (pid === undefined) return Number.POSITIVE_INFINITY;
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : 0;
  } catch {
    // Not Linux (no /proc): memory is not checked there.
    return 0;
  }
}

// The grader's process ending normally closes each worker's channel (see kept-fork-entry.js); this covers
// an exit through process.exit() with workers still running.
process.once('exit', () => {
  for (const child of live) child.kill();
});
