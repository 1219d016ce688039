import { relative, sep } from 'node:path';
import { verifyTestManifest } from '../integrity/test-manifest.ts';
import type { LabInfo } from '../labs/discover-labs.ts';
import type { LabResult } from '../model/run-result.ts';
import type { CourseEntry } from './course-config.ts';
import { LabSession, type LabSessionOptions, type RawLabRun } from './lab-session.ts';
import { reconcileWithInventory } from './reconcile-inventory.ts';
import { isWorkerExit, scoreLab, type UnhandledError } from './score-lab.ts';
import { type InventoryOptions, inventoryByFile, trustedInventories } from './trusted-inventory.ts';

/**
 * Grades several labs in one run of one warm Vitest instance (LabSession.openCourse): the labs' test files
 * share one worker, which loads the SDK once for all of them, and the run is then scored lab by lab exactly
 * as a one-lab run would be.
 */
export class CourseGrader {
  private constructor(
    readonly entries: readonly CourseEntry[],
    private readonly session: LabSession,
    private readonly inventoryOptions: InventoryOptions,
  ) {}

  /** `maxWorkers`: test worker processes (default: 2 where memory allows, else 1 — see defaultCourseWorkers). */
  static async open(
    entries: readonly CourseEntry[],
    options: Omit<LabSessionOptions, 'codeDir'> & { maxWorkers?: number } = {},
  ): Promise<CourseGrader> {
    const inventoryOptions = {
      ...(options.diskCache ? { diskCache: options.diskCache } : {}),
      ...(options.inventories ? { given: options.inventories } : {}),
    };
    return new CourseGrader(
      entries,
      await LabSession.openCourse(entries, { ...options, typecheckOnOpen: true }),
      inventoryOptions,
    );
  }

  /**
   * Grades every lab now; `changedFiles` are re-read from disk rather than served from the transform cache.
   * With `only` (absolute paths), only those test files run, and each lab's result covers their checks only.
   */
  async grade(changedFiles: readonly string[] = [], only?: ReadonlySet<string>): Promise<LabResult[]> {
    this.session.invalidate(changedFiles);
    const integrity = await Promise.all(this.entries.map(({ lab }) => verifyTestManifest(lab.dir)));
    // Scores come from the trusted inventory (no learner code), collected alongside the run and then kept.
    const [inventories, raw] = await Promise.all([
      trustedInventories(
        this.entries.map(({ lab }) => lab),
        this.inventoryOptions,
      ).then(async (all) => {
        // The next learners' spare workers load the course's packages while they wait (one worker per run).
        await this.session.preloadInSpares([
          ...new Set(all.flatMap((inventory) => inventory.packages ?? [])),
        ]);
        return all;
      }),
      this.session.run(only),
    ]);
    return this.entries.map(({ lab, codeDir }, index) => {
      const inventory = inventories[index]!;
      const scored = scoreLab({
        lab,
        codeDir,
        raw: rawOf(lab, raw),
        integrity: integrity[index]!,
        inventory: inventoryByFile(lab, inventory),
        classifiers: this.session.failureClassifiers,
      });
      return reconcileWithInventory(scored, inventory, {
        canaries: raw.canaries,
        probeFailures: raw.probeFailures,
        ...(only ? { files: filesOf(lab, only) } : {}),
      });
    });
  }

  async close(): Promise<void> {
    await this.session.close();
  }
}

/**
 * One lab's share of a course run: its test files, the hung checks and errors of its files, and its time.
 * An error Vitest could not tie to a test file goes to every lab: it cannot be told whose it was.
 */
function rawOf(lab: LabInfo, raw: RawLabRun): RawLabRun {
  const ours = (file: string | undefined) => file?.startsWith(lab.dir + sep) ?? false;
  const modules = raw.modules.filter((module) => ours(module.moduleId));
  return {
    modules,
    unhandledErrors: raw.unhandledErrors.filter((error) => {
      const path = (error as { VITEST_TEST_PATH?: string }).VITEST_TEST_PATH;
      if (path !== undefined) return ours(path);
      // The watchdog's kill of the shared worker: the lab whose check hung explains it; the others re-ran.
      return !(isWorkerExit(error as UnhandledError) && raw.hung.length > 0);
    }),
    hung: raw.hung.filter((record) => ours(record.file)),
    output: raw.output,
    durationMs: modules.reduce((sum, module) => sum + (module.diagnostic().duration ?? 0), 0),
    canaries: raw.canaries,
    // The labs of a course run share the worker's realm: a probe that failed in one voids them all.
    probeFailures: raw.probeFailures,
  };
}

/** The lab's files among `only`, relative to the lab as its checks name them. */
function filesOf(lab: LabInfo, only: ReadonlySet<string>): Set<string> {
  return new Set(
    [...only].filter((file) => file.startsWith(lab.dir + sep)).map((file) => relative(lab.dir, file)),
  );
}
