import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ViteUserConfig } from 'vitest/config';
import type { InlineConfig, SerializedError, TestModule, Vitest } from 'vitest/node';
import { createVitest } from 'vitest/node';
import { TRUSTED_CACHE_ENV } from '../authoring/trusted-cache.ts';
import type { LabInfo } from '../labs/discover-labs.ts';
import { PROBE_FAILURES_FILE, type ProbeFailure, readProbeFailures } from '../runtime/probe-failures.ts';
import {
  clearTypecheckAhead,
  startTypecheckAhead,
  type TypecheckAhead,
  type TypecheckTarget,
} from '../runtime/typecheck-ahead.ts';
import {
  CANARY_FILE,
  DEBUG_CHECKS_ENV,
  type HungCheckRecord,
  readHungChecks,
  WATCHDOG_DIR_ENV,
} from '../runtime/watchdog.ts';
import { defineLabConfig, LAB_DIR_ENV, NODE_RESOLVED_ENVIRONMENTS } from '../vitest.js';
import { canaryNamed, canaryTitles } from './canary-titles.ts';
import { type CourseEntry, courseConfig } from './course-config.ts';
import { describeError } from './error-message.ts';
import type { FailureClassifier } from './failure-classifier.ts';
import { remember, startFromDisk } from './head-start-worker.ts';
import {
  inlinedModuleFiles,
  listLoadedPackages,
  preloadInSpares,
  retireKeptWorkers,
  startSpareWorkers,
  stopKeptWorkers,
  stopSpareWorkers,
  useKeptForksPool,
  workerStartOf,
} from './kept-forks-pool.ts';
import { NO_CODE_DIR, noCodePlugin } from './no-code-plugin.ts';
import { OutputCapture } from './output-capture.ts';
import { withTransformService } from './transform-service.ts';
import type { LabInventory } from './trusted-inventory.ts';

/** What one run of a lab's suite produced, before scoring. */
export interface RawLabRun {
  modules: readonly TestModule[];
  unhandledErrors: readonly SerializedError[];
  hung: HungCheckRecord[];
  output: OutputCapture;
  durationMs: number;
  /** The titles of this run's canary checks: each must fail (see runtime/canary-setup.ts). */
  canaries: readonly string[];
  /** Assertions that had to fail and did not (runtime/verdict-probes.ts): none in an honest run. */
  probeFailures: readonly ProbeFailure[];
}

/**
 * What the caller hands the grader, which knows nothing of the course's cloud: the global setups of each
 * Vitest instance (e.g. the embedded emulator) and the failure classifiers (e.g. AWS's). `awsGrading` of
 * @cloudlab/aws-session is one.
 */
export interface GradingHooks {
  /** Files Vitest runs as global setups, in place of any the lab's config names. */
  globalSetup?: readonly string[];
  failureClassifiers?: readonly FailureClassifier[];
}

export interface LabSessionOptions extends GradingHooks {
  /** The folder `@lab/…` resolves to. */
  codeDir: string;
  /** Extra environment for the test workers (e.g. the AWS target). */
  env?: Record<string, string>;
  /** Start the workers under the Node inspector (`true` or `host:port`); turns off timeouts and the watchdog. */
  inspect?: boolean | string;
  /** Like `inspect`, but each worker waits for a debugger to attach before it runs anything. */
  inspectBrk?: boolean | string;
  /**
   * Each run gets test workers no earlier run used (a batch grades one learner per run): a spare is started
   * beside each run for the next one, with `env()` as its environment, and the used ones are ended after it.
   */
  oneWorkerPerRun?: {
    env: () => Record<string, string>;
    /** `false`: spares do not load the course's packages ahead (bench/worker-per-learner.ts weighs it). */
    preload?: boolean;
  };
  /**
   * A folder where this process may keep what a later process can reuse: Vite's transformed modules (Vitest's
   * `experimental.fsModuleCache`) and the labs' trusted inventories. Only for a learner grading their own
   * checkout: the folder is as writable as their code, so it must never serve a grade that has to hold against
   * them (batch, a submission's `--dir`, a platform's autograder).
   */
  diskCache?: string;
  /**
   * The labs' trusted inventories, collected by the caller in a process where no learner code ever ran (a
   * batch hands its own to each grading child): used as they are, so nothing is collected beside the learner's
   * run, in reach of what that run does to its sandbox.
   */
  inventories?: readonly LabInventory[];
  /**
   * A run follows the open (a grader, not a collection): its typecheck starts with Vitest rather than with the
   * run (runtime/typecheck-ahead.ts).
   */
  typecheckOnOpen?: boolean;
  /**
   * Called as soon as the watchdog has stopped a check that overran its limit (its worker is killed and the
   * rest of its file runs again): a grade that waits on several hung checks can take minutes, and the learner
   * should hear why while it does, not only in the result.
   */
  onCheckStopped?: (check: HungCheckRecord) => void;
}

/** A session that only collects the suite with no code at all (`@lab/*` is empty) and starts no global setup. */
export interface NoCodeOptions {
  noCode?: boolean;
}

/** How a session's Vitest instance is set up: root, config file, settings, Vite overrides. */
interface SessionSetup {
  root: string;
  config: string | false;
  labDirEnv?: string;
  test?: InlineConfig;
  viteOverrides: ViteUserConfig;
  /** The labs whose code the session's runs typecheck ahead (none for a no-code session). */
  typecheck: readonly TypecheckedLab[];
}

/** A lab with a typecheck check (`typecheckCheck` in a test file), the folder it checks and those test files. */
interface TypecheckedLab extends TypecheckTarget {
  testFiles: readonly string[];
}

/** The lab's test files that call typecheckCheck: a run that includes one gets its tsc started ahead. */
function typecheckedLab(lab: LabInfo, codeDir: string): TypecheckedLab[] {
  const testFiles = ['tests', 'hidden']
    .map((folder) => join(lab.dir, folder))
    .filter((dir) => existsSync(dir))
    .flatMap((dir) =>
      readdirSync(dir, { recursive: true, encoding: 'utf8' })
        .filter((file) => file.endsWith('.test.ts'))
        .map((file) => join(dir, file)),
    )
    .filter((file) => readFileSync(file, 'utf8').includes('typecheckCheck('));
  return testFiles.length > 0 ? [{ labDir: lab.dir, codeDir, testFiles }] : [];
}
/** The last LabSession.open in progress: opens take turns (see there). */
let opening: Promise<unknown> = Promise.resolve();

// A file whose checks keep hanging is re-run at most this often (each re-run quarantines the hung check).
const MAX_ATTEMPTS = 8;

/**
 * One warm Vitest instance for one lab (`open`) or for several labs at once (`openCourse`), each lab's `@lab`
 * alias fixed to one code folder. `run()` can be called again and again (watch mode) and reuses the
 * instance, so a re-grade costs only the test run.
 */
export class LabSession {
  private constructor(
    readonly labs: readonly LabInfo[],
    readonly vitest: Vitest,
    private readonly collector: SessionCollector,
    private readonly watchdogDir: string,
    private readonly oneWorkerPerRun?: LabSessionOptions['oneWorkerPerRun'],
    /** The caller's failure classifiers, for the scorer of this session's runs. */
    readonly failureClassifiers: readonly FailureClassifier[] = [],
    private readonly onCheckStopped?: LabSessionOptions['onCheckStopped'],
  ) {}

  /** The lab of a one-lab session (the first of a course session). */
  get lab(): LabInfo {
    return this.labs[0] as LabInfo;
  }

  static open(lab: LabInfo, options: LabSessionOptions & NoCodeOptions): Promise<LabSession> {
    // The lab's config reads the alias target from process.env while it loads, so two opens at once (two labs
    // graded side by side, or a lab and another lab's trusted inventory) would read each other's: they take
    // turns, and only the opening does; the runs themselves overlap.
    const next = opening.then(() => LabSession.#openOne(lab, options));
    opening = next.catch(() => undefined);
    return next;
  }

  static async #openOne(lab: LabInfo, options: LabSessionOptions & NoCodeOptions): Promise<LabSession> {
    if (options.noCode) options = { ...options, codeDir: join(NO_CODE_DIR, lab.folder) };
    const configFile = join(lab.dir, 'vitest.config.ts');
    const previous = process.env[LAB_DIR_ENV];
    process.env[LAB_DIR_ENV] = options.codeDir;
    try {
      return await LabSession.#create([lab], options, {
        root: lab.dir,
        config: existsSync(configFile) ? configFile : false,
        labDirEnv: options.codeDir,
        typecheck: options.noCode ? [] : typecheckedLab(lab, options.codeDir),
        ...(options.noCode || options.globalSetup
          ? { test: { globalSetup: options.noCode ? [] : [...(options.globalSetup ?? [])] } }
          : {}),
        viteOverrides: {
          ...(existsSync(configFile) ? {} : defineLabConfig(lab.dir)),
          ...(options.noCode ? { plugins: [noCodePlugin()] } : {}),
        },
      });
    } finally {
      if (previous === undefined) delete process.env[LAB_DIR_ENV];
      else process.env[LAB_DIR_ENV] = previous;
    }
  }

  /**
   * One Vitest instance and one shared worker for several labs (each `canShareVitest`): one Vite server, one
   * transform cache and one process with the SDK loaded, instead of one of each per lab.
   */
  static async openCourse(
    entries: readonly CourseEntry[],
    options: Omit<LabSessionOptions, 'codeDir'> & NoCodeOptions & { maxWorkers?: number },
  ): Promise<LabSession> {
    const course = options.noCode
      ? entries.map(({ lab }) => ({ lab, codeDir: join(NO_CODE_DIR, lab.folder) }))
      : entries;
    const { root, test, plugin } = courseConfig(course, options.maxWorkers);
    return LabSession.#create(
      entries.map((entry) => entry.lab),
      options,
      {
        root,
        config: false,
        typecheck: options.noCode ? [] : entries.flatMap(({ lab, codeDir }) => typecheckedLab(lab, codeDir)),
        test: {
          ...test,
          globalSetup: options.noCode ? [] : [...(options.globalSetup ?? test.globalSetup ?? [])],
        },
        viteOverrides: {
          plugins: options.noCode ? [noCodePlugin(), plugin] : [plugin],
          environments: NODE_RESOLVED_ENVIRONMENTS,
        },
      },
    );
  }

  /** Opening a Vitest instance compiles its config (and Vite may compile more): see withTransformService. */
  static #create(
    labs: readonly LabInfo[],
    options: Omit<LabSessionOptions, 'codeDir'>,
    setup: SessionSetup,
  ): Promise<LabSession> {
    return withTransformService(() => LabSession.#open(labs, options, setup));
  }

  static async #open(
    labs: readonly LabInfo[],
    options: Omit<LabSessionOptions, 'codeDir'>,
    setup: SessionSetup,
  ): Promise<LabSession> {
    const watchdogDir = await mkdtemp(join(tmpdir(), 'cloudlab-watchdog-'));
    try {
      return await LabSession.#start(labs, options, setup, watchdogDir);
    } catch (error) {
      // No session owns the folder yet: a Vitest that failed to start must not leave it behind.
      await rm(watchdogDir, { recursive: true, force: true });
      throw error;
    }
  }

  static async #start(
    labs: readonly LabInfo[],
    options: Omit<LabSessionOptions, 'codeDir'>,
    setup: SessionSetup,
    watchdogDir: string,
  ): Promise<LabSession> {
    const collector = new SessionCollector();
    const debugging = Boolean(options.inspect || options.inspectBrk);
    // The learner's own grade: the test worker a previous grade of these labs started is forked now, beside
    // Vitest's start, rather than once Vitest is up (head-start-worker.ts).
    const headStart = options.diskCache && !debugging ? options.diskCache : undefined;
    if (headStart)
      startFromDisk(
        headStart,
        labs.map((lab) => lab.dir),
      );
    // The first run's tsc starts now, beside Vitest's start: off the path to the first check.
    const ahead =
      options.typecheckOnOpen && setup.typecheck.length > 0
        ? await startTypecheckAhead(watchdogDir, setup.typecheck)
        : undefined;
    const vitest = await createVitest(
      'test',
      {
        ...setup.test,
        root: setup.root,
        config: setup.config,
        watch: false,
        reporters: [collector],
        pool: 'forks',
        passWithNoTests: true,
        ...(options.diskCache && !debugging
          ? { experimental: { fsModuleCache: true, fsModuleCachePath: join(options.diskCache, 'vitest') } }
          : {}),
        env: {
          ...options.env,
          // Only a caller that names a trusted cache (dev check) has one, never one inherited from a shell.
          [TRUSTED_CACHE_ENV]: options.env?.[TRUSTED_CACHE_ENV] ?? '',
          ...(setup.labDirEnv ? { [LAB_DIR_ENV]: setup.labDirEnv } : {}),
          [WATCHDOG_DIR_ENV]: watchdogDir,
          ...(debugging ? { [DEBUG_CHECKS_ENV]: '1' } : {}),
        },
        ...(debugging
          ? {
              ...(options.inspectBrk ? { inspectBrk: options.inspectBrk } : { inspect: options.inspect }),
              fileParallelism: false,
              testTimeout: 0,
              hookTimeout: 0,
            }
          : {}),
      },
      setup.viteOverrides,
    );
    // A debugger attaches to a fresh worker; otherwise the worker is kept from run to run.
    if (!debugging) useKeptForksPool(vitest.projects);
    const session = new LabSession(
      labs,
      vitest,
      collector,
      watchdogDir,
      options.oneWorkerPerRun,
      options.failureClassifiers,
      options.onCheckStopped,
    );
    session.#typechecked = setup.typecheck;
    session.#headStartCache = headStart;
    if (ahead) session.#ahead = { ...ahead, fresh: true };
    return session;
  }

  #typechecked: readonly TypecheckedLab[] = [];
  /** Where the next process finds how this session's worker started (head-start-worker.ts). */
  #headStartCache: string | undefined;
  #headStartWritten = false;

  /**
   * After the first run: writes how its worker started and every package file that worker loaded, the ones
   * the tests imported as they ran included (the SDK's credential providers…), for the next process to fork
   * and fill its worker ahead. The learner's own worker and their own cache: see head-start-worker.ts.
   */
  async #rememberHeadStart(): Promise<void> {
    if (!this.#headStartCache || this.#headStartWritten) return;
    if (!workerStartOf(this.vitest.projects)) return;
    this.#headStartWritten = true;
    const packages = await listLoadedPackages(this.vitest.projects);
    const labDirs = this.labs.map((lab) => lab.dir);
    // A cache it cannot write costs the next grade its head start, never this grade.
    await remember(this.#headStartCache, labDirs, this.vitest.projects, packages).catch(() => {});
  }

  /** The latest typecheck started ahead; `fresh` until a run used it or a file changed since it started. */
  #ahead: (TypecheckAhead & { fresh: boolean }) | undefined;

  /**
   * Typechecks ahead the labs whose typecheck check this run includes: the one started with the session if
   * nothing changed since, else a new one (after the last: one compiler at a time).
   */
  async #typecheckAhead(only: ReadonlySet<string> | undefined): Promise<void> {
    const targets = this.#typechecked.filter((lab) => !only || lab.testFiles.some((file) => only.has(file)));
    if (targets.length === 0) {
      await clearTypecheckAhead(this.watchdogDir);
    } else if (this.#ahead?.fresh && targets.length === this.#typechecked.length) {
      this.#ahead.fresh = false;
    } else {
      this.#ahead = {
        ...(await startTypecheckAhead(this.watchdogDir, targets, this.#ahead?.done)),
        fresh: false,
      };
    }
  }

  /**
   * Runs every test file of the lab (or only the test files in `only`); re-runs files whose worker the
   * watchdog stopped, minus the hung check.
   */
  run(only?: ReadonlySet<string>): Promise<RawLabRun> {
    return withTransformService(() => this.#run(only));
  }

  async #run(only?: ReadonlySet<string>): Promise<RawLabRun> {
    const started = performance.now();
    await rm(join(this.watchdogDir, 'hung.jsonl'), { force: true });
    await rm(join(this.watchdogDir, PROBE_FAILURES_FILE), { force: true });
    await this.#typecheckAhead(only);
    this.collector.reset();
    let specifications = (await this.vitest.globTestSpecifications()).filter(
      (specification) => !only || only.has(specification.moduleId),
    );
    const ran = new Set(specifications.map((specification) => specification.moduleId));
    let hungCount = 0;
    this.#invalidateKeptWorker();
    const canaries = await this.#nameCanaries();
    // The next run's workers start now, beside this run's: a learner's worker never serves another learner.
    if (this.oneWorkerPerRun) startSpareWorkers(this.vitest.projects, this.oneWorkerPerRun.env());
    // Vitest sets process.exitCode when a test fails; the caller decides the exit code from the result.
    const exitCode = process.exitCode;
    for (let attempt = 1; attempt <= MAX_ATTEMPTS && specifications.length > 0; attempt++) {
      this.collector.endedModules.clear();
      await this.vitest.runTestSpecifications(specifications, true);
      this.#invalidateKeptWorker();
      process.exitCode = exitCode;
      const hung = readHungChecks(this.watchdogDir);
      if (hung.length === hungCount) break;
      // A canary running beside a hung check is stopped with it; it is not the learner's to hear of.
      for (const record of hung.slice(hungCount)) {
        if (canaryNamed(record.fullName, canaries) === undefined) this.onCheckStopped?.(record);
      }
      hungCount = hung.length;
      const hungFiles = new Set(hung.map((record) => record.file));
      // A killed worker also takes the files queued behind the hung one (with isolate: false one worker runs
      // them all): those never ran, so they run again too.
      // Only files that ended in this attempt: a file's state in vitest.state can be an earlier run's.
      const finished = this.collector.endedModules;
      specifications = specifications.filter(
        (specification) => hungFiles.has(specification.moduleId) || !finished.has(specification.moduleId),
      );
    }
    if (this.oneWorkerPerRun) await retireKeptWorkers(this.vitest.projects, this.oneWorkerPerRun.env());
    await this.#rememberHeadStart();
    return {
      modules: this.vitest.state.getTestModules().filter((module) => ran.has(module.moduleId)),
      unhandledErrors: this.collector.unhandledErrors,
      hung: readHungChecks(this.watchdogDir),
      output: this.collector.output,
      durationMs: performance.now() - started,
      canaries,
      probeFailures: readProbeFailures(this.watchdogDir),
    };
  }

  /** Fresh random titles for this run's canary checks, where the workers' setup file reads them. */
  async #nameCanaries(): Promise<string[]> {
    const canaries = canaryTitles(3);
    await writeFile(join(this.watchdogDir, CANARY_FILE), canaries.join('\n'));
    return canaries;
  }

  /** The course's package files this session's (trusted, no-code) worker loaded: see listLoadedPackages. */
  loadedPackages(): Promise<string[]> {
    return listLoadedPackages(this.vitest.projects);
  }

  /**
   * One worker per run: the spares started from now on load `files` (a trusted list: loadedPackages of a
   * no-code session) while they wait for their run. The list is kept in the session's own folder, which no
   * test worker is told of.
   */
  async preloadInSpares(files: readonly string[]): Promise<void> {
    if (!this.oneWorkerPerRun || this.oneWorkerPerRun.preload === false) return;
    if (files.length === 0 || this.#preloading) return;
    this.#preloading = true;
    this.#privateDir ??= await mkdtemp(join(tmpdir(), 'cloudlab-session-'));
    const listFile = join(this.#privateDir, 'preload.txt');
    await writeFile(listFile, files.join('\n'), { mode: 0o600 });
    preloadInSpares(this.vitest.projects, listFile);
  }
  #preloading = false;
  #privateDir: string | undefined;

  /**
   * The test files that import any of `files`, directly or through other modules, as far as the module graph
   * of earlier runs knows. Files read at run time (not imported) are not seen: callers still grade in full.
   */
  affectedTestFiles(files: readonly string[]): Set<string> {
    const tests = new Set(this.vitest.state.getTestModules().map((module) => module.moduleId));
    const affected = new Set<string>();
    const seen = new Set<string>();
    for (const project of this.vitest.projects) {
      const graph = project.vite.environments.ssr?.moduleGraph;
      const stack = files.flatMap((file) => [...(graph?.getModulesByFile(file) ?? [])]);
      while (stack.length > 0) {
        const node = stack.pop();
        if (!node?.file || seen.has(node.id ?? node.file)) continue;
        seen.add(node.id ?? node.file);
        if (tests.has(node.file)) affected.add(node.file);
        stack.push(...node.importers);
      }
    }
    return affected;
  }

  /** Forgets the transformed code of changed files so the next run() sees the student's latest save. */
  invalidate(files: readonly string[]): void {
    // A typecheck started before a save checked the code before it.
    if (files.length > 0 && this.#ahead) this.#ahead.fresh = false;
    for (const file of files) this.vitest.invalidateFile(file);
  }

  /** Collects (imports, does not run) every test file: the checks with their rubric. */
  collect(): Promise<readonly TestModule[]> {
    return withTransformService(() => this.#collect());
  }

  async #collect(): Promise<readonly TestModule[]> {
    this.#invalidateKeptWorker();
    // Collecting names no canary: the inventory lists the course's checks only.
    await rm(join(this.watchdogDir, CANARY_FILE), { force: true });
    const result = await this.vitest.collect();
    // A collecting worker that died (killed, or refused a thread) leaves its files pending with no tests and no
    // error: an inventory made from that would give the lab fewer checks than it has.
    const [died] = result.unhandledErrors;
    if (died !== undefined) throw new Error(`collecting the tests failed: ${describeError(died)}`);
    return result.testModules;
  }

  /**
   * The next run starts from a clean slate in a kept worker too: every module Vite inlined is evaluated
   * afresh (Vitest passes these files to the worker as invalidated); only node_modules packages stay loaded.
   */
  #invalidateKeptWorker(): void {
    // `watcher.invalidates` is the set Vitest's own watch mode fills; runTestSpecifications hands it over.
    const { watcher } = this.vitest as unknown as { watcher: { invalidates: Set<string> } };
    for (const file of inlinedModuleFiles(this.vitest.projects)) watcher.invalidates.add(file);
  }

  async close(): Promise<void> {
    const projects = [...this.vitest.projects];
    try {
      await this.vitest.close();
      // A tsc still running writes into the folder removed below.
      await this.#ahead?.done;
      await Promise.all([stopKeptWorkers(projects), stopSpareWorkers(projects)]);
    } finally {
      // Removed even when stopping the workers failed: the grade is over either way.
      await rm(this.watchdogDir, { recursive: true, force: true });
      if (this.#privateDir) await rm(this.#privateDir, { recursive: true, force: true });
    }
  }
}

/** The Vitest reporter of a session: it keeps unhandled errors and console output, and prints nothing. */
class SessionCollector {
  unhandledErrors: SerializedError[] = [];
  output = new OutputCapture();
  /** Test files that ran to their end in the current attempt. */
  readonly endedModules = new Set<string>();

  reset(): void {
    this.unhandledErrors = [];
    this.output.clear();
  }

  onTestRunEnd(_modules: readonly TestModule[], errors: readonly SerializedError[]): void {
    // Kept across the re-runs of one run(); the scorer explains a worker the watchdog stopped by its record.
    this.unhandledErrors.push(...errors);
  }

  onTestModuleEnd(module: TestModule): void {
    this.endedModules.add(module.moduleId);
  }

  onUserConsoleLog(log: { taskId?: string; content: string }): void {
    this.output.add(log.taskId, log.content);
  }
}
