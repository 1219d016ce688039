import { relative } from 'node:path';
import { verifyTestManifest } from '../integrity/test-manifest.ts';
import type { LabInfo } from '../labs/discover-labs.ts';
import type { LabResult } from '../model/run-result.ts';
import { LabSession, type LabSessionOptions, type RawLabRun } from './lab-session.ts';
import { reconcileWithInventory } from './reconcile-inventory.ts';
import { scoreLab } from './score-lab.ts';
import {
  type InventoryOptions,
  inventoryByFile,
  type LabInventory,
  trustedInventories,
} from './trusted-inventory.ts';

/**
 * Grades one lab again and again on one warm Vitest instance (`cloudlab watch`): a re-grade costs only the
 * test run. Scores come from the lab's trusted inventory (collected with no learner code, alongside the
 * first run, and kept while the tests do not change): the run says which checks passed, never what they are
 * worth.
 */
export class WarmLabGrader {
  private constructor(
    readonly lab: LabInfo,
    readonly codeDir: string,
    private readonly session: LabSession,
    private readonly inventoryOptions: InventoryOptions,
  ) {}

  static async open(lab: LabInfo, options: LabSessionOptions): Promise<WarmLabGrader> {
    const inventoryOptions = {
      ...(options.diskCache ? { diskCache: options.diskCache } : {}),
      ...(options.inventories ? { given: options.inventories } : {}),
    };
    return new WarmLabGrader(
      lab,
      options.codeDir,
      await LabSession.open(lab, { ...options, typecheckOnOpen: true }),
      inventoryOptions,
    );
  }

  /** Grades now; `changedFiles` are re-read from disk rather than served from Vite's transform cache. */
  async grade(changedFiles: readonly string[] = []): Promise<LabResult> {
    this.session.invalidate(changedFiles);
    const integrity = await verifyTestManifest(this.lab.dir);
    const [inventory, raw] = await Promise.all([this.#inventory(), this.session.run()]);
    return this.#score(raw, integrity, inventory);
  }

  /**
   * The quick first verdict of watch: grades only the test files that import one of `changedFiles`, so the
   * check the student is working on answers before the rest of the lab has run. Undefined when no test file
   * is known to import them (a new file, a file read rather than imported) or when that is every file: then
   * only a full `grade()` says anything. The result covers those files only; a full grade must follow.
   */
  async gradeAffected(changedFiles: readonly string[]): Promise<LabResult | undefined> {
    const affected = this.affectedTestFiles(changedFiles);
    const all = await this.session.vitest.globTestSpecifications();
    if (affected.size === 0 || affected.size >= all.length) return undefined;
    return this.gradeTestFiles(affected, changedFiles);
  }

  /**
   * The test files (absolute paths) that import one of `changedFiles` as far as the earlier runs' module graph
   * knows; a file read at run time rather than imported links to none.
   */
  affectedTestFiles(changedFiles: readonly string[]): Set<string> {
    return this.session.affectedTestFiles(changedFiles);
  }

  /**
   * Grades with only `testFiles` (absolute paths) run: the result covers their checks only. `cloudlab dev
   * check` leaves out the files whose checks are worth no points when all it asks is whether a variant
   * loses points.
   */
  async gradeTestFiles(
    testFiles: ReadonlySet<string>,
    changedFiles: readonly string[] = [],
  ): Promise<LabResult> {
    this.session.invalidate(changedFiles);
    const integrity = await verifyTestManifest(this.lab.dir);
    const [inventory, raw] = await Promise.all([this.#inventory(), this.session.run(testFiles)]);
    const files = new Set([...testFiles].map((file) => relative(this.lab.dir, file)));
    return this.#score(raw, integrity, inventory, files);
  }

  async close(): Promise<void> {
    await this.session.close();
  }

  #score(
    raw: RawLabRun,
    integrity: LabResult['integrity'],
    inventory: LabInventory,
    files?: ReadonlySet<string>,
  ): LabResult {
    const scored = scoreLab({
      lab: this.lab,
      codeDir: this.codeDir,
      raw,
      integrity,
      inventory: inventoryByFile(this.lab, inventory),
      classifiers: this.session.failureClassifiers,
    });
    return reconcileWithInventory(scored, inventory, {
      canaries: raw.canaries,
      probeFailures: raw.probeFailures,
      ...(files ? { files } : {}),
    });
  }

  async #inventory(): Promise<LabInventory> {
    const [inventory] = await trustedInventories([this.lab], this.inventoryOptions);
    // The next learners' spare workers load the course's packages while they wait (one worker per run).
    await this.session.preloadInSpares(inventory!.packages ?? []);
    return inventory!;
  }
}
