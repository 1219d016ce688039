import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { verifyTestManifest } from '../integrity/test-manifest.ts';
import type { LabInfo } from '../labs/discover-labs.ts';
import type { IntegrityReport, LabResult, RunResult } from '../model/run-result.ts';
import { canShareVitest } from './course-config.ts';
import { CourseGrader } from './course-grader.ts';
import { describeError } from './error-message.ts';
import type { LabSessionOptions } from './lab-session.ts';
import { toRunResult } from './run-result-builder.ts';
import { WarmLabGrader } from './warm-lab-grader.ts';

export type Variant = RunResult['variant'];

export interface GradeOptions extends Omit<LabSessionOptions, 'codeDir'> {
  /** Which code the `@lab` alias points at. Default: starter (the student's work). */
  variant?: Variant;
  /** The submission folder when variant is `dir`: it stands in for starter/. */
  dir?: string;
  onLabStart?: (lab: LabInfo) => void;
  onLabEnd?: (result: LabResult) => void;
}

export function codeDirOf(lab: LabInfo, variant: Variant = 'starter', dir?: string): string {
  if (variant === 'dir') {
    if (!dir) throw new Error('variant "dir" needs the submission folder');
    return resolve(dir);
  }
  return join(lab.dir, variant);
}

/** A lab that could not be graded at all: no score, a reason and the next step. */
function unGradable(lab: LabInfo, codeDir: string, integrity: IntegrityReport, problem: string): LabResult {
  return {
    id: lab.id,
    slug: lab.slug,
    title: lab.title,
    codeDir,
    status: 'error',
    score: 0,
    maxScore: 0,
    checks: [],
    integrity,
    errors: [problem],
    durationMs: 0,
  };
}

/** Grades one lab in its own Vitest instance (pool forks) and scores it. */
export async function gradeLab(lab: LabInfo, options: GradeOptions = {}): Promise<LabResult> {
  const codeDir = codeDirOf(lab, options.variant, options.dir);
  const integrity = await verifyTestManifest(lab.dir);
  const shown = relative(process.cwd(), codeDir) || '.';
  if (!existsSync(codeDir)) {
    const fix =
      options.variant === 'dir' ? 'check the --dir path' : `run \`cloudlab reset ${lab.id}\` to restore it`;
    return unGradable(lab, codeDir, integrity, `${shown} does not exist — ${fix}`);
  }
  let grader: WarmLabGrader | undefined;
  try {
    grader = await WarmLabGrader.open(lab, { ...options, codeDir });
    return await grader.grade();
  } catch (error) {
    return unGradable(
      lab,
      codeDir,
      integrity,
      `could not run the tests of lab ${lab.id}: ${describeError(error)}`,
    );
  } finally {
    await grader?.close();
  }
}

/**
 * Grades labs: the labs that can share a Vitest instance (`canShareVitest`) in one run of one instance and
 * one worker, which loads the SDK once for all of them; any other lab on its own, one after another. One
 * Vitest instance at a time keeps memory low on a 1 GiB Cloud9. Results come back in the order of `labs`.
 */
export async function gradeLabs(labs: readonly LabInfo[], options: GradeOptions = {}): Promise<RunResult> {
  const startedAt = new Date();
  const results = new Map<LabInfo, LabResult>();
  const debugging = Boolean(options.inspect || options.inspectBrk);
  const shared = labs.filter(
    (lab) => !debugging && canShareVitest(lab) && existsSync(codeDirOf(lab, options.variant, options.dir)),
  );
  if (shared.length > 1) {
    for (const lab of shared) options.onLabStart?.(lab);
    for (const result of await gradeTogether(shared, options)) {
      const lab = shared.find((candidate) => candidate.id === result.id) as LabInfo;
      options.onLabEnd?.(result);
      results.set(lab, result);
    }
  }
  for (const lab of labs) {
    if (results.has(lab)) continue;
    options.onLabStart?.(lab);
    const result = await gradeLab(lab, options);
    options.onLabEnd?.(result);
    results.set(lab, result);
  }
  return toRunResult(
    labs.map((lab) => results.get(lab) as LabResult),
    options.variant ?? 'starter',
    startedAt,
  );
}

/** Several labs in one Vitest run (CourseGrader); if that instance cannot start, each lab says why. */
async function gradeTogether(labs: readonly LabInfo[], options: GradeOptions): Promise<LabResult[]> {
  const entries = labs.map((lab) => ({ lab, codeDir: codeDirOf(lab, options.variant, options.dir) }));
  let grader: CourseGrader | undefined;
  try {
    grader = await CourseGrader.open(entries, options);
    return await grader.grade();
  } catch (error) {
    const problem = `could not run the tests of the labs: ${describeError(error)}`;
    return Promise.all(
      entries.map(async ({ lab, codeDir }) =>
        unGradable(lab, codeDir, await verifyTestManifest(lab.dir), problem),
      ),
    );
  } finally {
    await grader?.close();
  }
}
