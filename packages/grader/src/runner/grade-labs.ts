import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { verifyTestManifest } from '../integrity/test-manifest.ts';
import type { LabInfo } from '../labs/discover-labs.ts';
import type { IntegrityReport, LabResult, RunResult } from '../model/run-result.ts';
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

/** Grades labs one after another (one Vitest instance at a time keeps memory low on a 1 GiB Cloud9). */
export async function gradeLabs(labs: readonly LabInfo[], options: GradeOptions = {}): Promise<RunResult> {
  const startedAt = new Date();
  const results: LabResult[] = [];
  for (const lab of labs) {
    options.onLabStart?.(lab);
    const result = await gradeLab(lab, options);
    options.onLabEnd?.(result);
    results.push(result);
  }
  return toRunResult(results, options.variant ?? 'starter', startedAt);
}
