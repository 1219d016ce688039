import { verifyTestManifest } from '../integrity/test-manifest.ts';
import type { LabInfo } from '../labs/discover-labs.ts';
import type { LabResult } from '../model/run-result.ts';
import { collectInventory } from './check-inventory.ts';
import { LabSession, type LabSessionOptions } from './lab-session.ts';
import { type Inventory, modulesThatFailedToLoad, scoreLab } from './score-lab.ts';

/**
 * Grades one lab again and again on one warm Vitest instance (`cloudlab watch`): a re-grade costs only the
 * test run. The inventory of checks (needed when the student's code breaks a test file's import) is collected
 * once, from the solution, and kept.
 */
export class WarmLabGrader {
  #inventory: Inventory | undefined;

  private constructor(
    readonly lab: LabInfo,
    readonly codeDir: string,
    private readonly session: LabSession,
    private readonly options: Omit<LabSessionOptions, 'codeDir'>,
  ) {}

  static async open(lab: LabInfo, options: LabSessionOptions): Promise<WarmLabGrader> {
    const { codeDir, ...rest } = options;
    return new WarmLabGrader(lab, codeDir, await LabSession.open(lab, options), rest);
  }

  /** Grades now; `changedFiles` are re-read from disk rather than served from Vite's transform cache. */
  async grade(changedFiles: readonly string[] = []): Promise<LabResult> {
    this.session.invalidate(changedFiles);
    const integrity = await verifyTestManifest(this.lab.dir);
    const raw = await this.session.run();
    const needsInventory = modulesThatFailedToLoad(raw.modules).length > 0;
    if (needsInventory && !this.#inventory)
      this.#inventory = await collectInventory(this.lab, this.codeDir, this.options);
    const inventory = needsInventory ? this.#inventory : undefined;
    return scoreLab({
      lab: this.lab,
      codeDir: this.codeDir,
      raw,
      integrity,
      ...(inventory ? { inventory } : {}),
    });
  }

  /**
   * The quick first verdict of watch: grades only the test files that import one of `changedFiles`, so the
   * check the student is working on answers before the rest of the lab has run. Undefined when no test file
   * is known to import them (a new file, a file read rather than imported) or when that is every file: then
   * only a full `grade()` says anything. The result covers those files only; a full grade must follow.
   */
  async gradeAffected(changedFiles: readonly string[]): Promise<LabResult | undefined> {
    const affected = this.session.affectedTestFiles(changedFiles);
    const all = await this.session.vitest.globTestSpecifications();
    if (affected.size === 0 || affected.size >= all.length) return undefined;
    this.session.invalidate(changedFiles);
    const integrity = await verifyTestManifest(this.lab.dir);
    const raw = await this.session.run(affected);
    return scoreLab({ lab: this.lab, codeDir: this.codeDir, raw, integrity });
  }

  async close(): Promise<void> {
    await this.session.close();
  }
}
