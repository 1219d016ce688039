import { freemem } from 'node:os';
import { awsGrading } from '@cloudlab/aws-session/grading';
import {
  CourseGrader,
  canShareVitest,
  codeDirOf,
  discoverLabs,
  type LabInfo,
  type LabResult,
  resolveLab,
  withTransformService,
} from '@cloudlab/grader/node';
import { lintCatalog, lintLab } from '../lint/lab-lint.ts';
import type { DevCheckReport, LabCheck } from './dev-check-report.ts';
import { failedChecks, gradeVariants, type VariantOptions } from './lab-variants.ts';

/**
 * `cloudlab dev check`: content CI for lab authors. Static checks first (layout, stray files, metadata,
 * markers, starter drift), then grading: the solution must score 100 %, the starter 0, every TODO must be
 * caught (for each exercise n a variant of the solution with only region n stubbed must lose points), and
 * every misconception of the lab's catalogue must lose points. Last, the solutions of the labs that share a
 * Vitest instance are graded together, as `cloudlab grade` does.
 */
export interface DevCheckOptions extends VariantOptions {
  /** The course folder (holding labs/). */
  root: string;
  /** Labs to check (`03`, a slug, a folder name); all when empty. */
  labs?: readonly string[];
  /** False: static checks only. Default true. */
  grade?: boolean;
  /** Labs graded at the same time (default: as free memory allows, at most 2). */
  jobs?: number;
  onLabEnd?: (check: LabCheck) => void;
}

/** A lab's Vitest instance and forks take roughly this much; labs run in parallel while memory allows. */
const MEMORY_PER_LAB = 600 * 1024 * 1024;

/** Thrown for a course that cannot be checked at all (no labs); a broken lab.ts throws discoverLabs' error. */
export class DevCheckError extends Error {
  readonly code = 'NoLabs';
}

export async function devCheck(options: DevCheckOptions): Promise<DevCheckReport> {
  const grade = options.grade ?? true;
  const labs = await discoverLabs(options.root);
  if (labs.length === 0)
    throw new DevCheckError(`no labs under ${options.root}/labs — run cloudlab from the course folder`);
  const chosen = options.labs?.length ? options.labs.map((query) => resolveLab(labs, query)) : labs;
  const jobs = options.jobs ?? Math.min(Math.max(1, Math.floor(freemem() / MEMORY_PER_LAB)), 2);

  const problems = lintCatalog(labs);
  // Labs are graded side by side, each on its own Vitest instance: they share one emulator, started here for
  // the whole check (an emulator of one instance's globalSetup would end with that instance).
  const { startProcessEmulator } = await import('@cloudlab/aws-session/vitest-setup');
  const stopEmulator = grade ? await startProcessEmulator() : async () => {};
  let results: LabCheck[];
  try {
    // One esbuild service for the whole check: a run stops it when no other Vite work is in flight, and each of
    // a lab's hundred variants would start it again to compile the file it changed (a process spawn each).
    const scoring = new Map<string, ReadonlySet<string>>();
    results = await withTransformService(() =>
      mapLimited(chosen, jobs, async (lab) => {
        const check = await checkLab(lab, grade, options, scoring);
        options.onLabEnd?.(check);
        return check;
      }),
    );
    if (grade && !options.onlyMisconceptions) problems.push(...(await checkTogether(chosen, scoring)));
  } finally {
    await stopEmulator();
  }
  return { ok: problems.length === 0 && results.every((r) => r.ok), problems, labs: results };
}

async function checkLab(
  lab: LabInfo,
  grade: boolean,
  options: VariantOptions,
  scoring: Map<string, ReadonlySet<string>>,
): Promise<LabCheck> {
  const started = performance.now();
  const check: LabCheck = {
    id: lab.id,
    folder: lab.folder,
    ok: false,
    problems: [],
    todos: [],
    misconceptions: [],
    durationMs: 0,
  };
  check.problems.push(...(await lintLab(lab, lab.definition)));
  // Grading a lab whose markers are broken would only repeat the same problem as failed checks.
  if (grade && !check.problems.some((p) => / BEGIN SOLUTION|END SOLUTION|no "BEGIN SOLUTION/.test(p))) {
    try {
      const files = await gradeVariants(lab, check, options);
      if (files) scoring.set(lab.id, files);
    } catch (error) {
      check.problems.push(`labs/${lab.folder}: could not grade (${(error as Error).message})`);
    }
  }
  check.ok = check.problems.length === 0;
  check.durationMs = Math.round(performance.now() - started);
  return check;
}

/**
 * `cloudlab grade` runs the labs that can share a Vitest instance in one run and one worker: a lab whose tests
 * leave state behind (a mocked prototype, a global, a file) passes alone but can break another lab there. So
 * the solutions are graded together once more, as a student's full grade runs them, and must all score 100 %.
 * Only the files with a check worth points run (when every lab's solution run named them): the verdict reads
 * the score and the run's errors, which a 0-point file (the typecheck, a tsc run per lab) cannot change.
 */
async function checkTogether(
  labs: readonly LabInfo[],
  scoring: ReadonlyMap<string, ReadonlySet<string>>,
): Promise<string[]> {
  const shared = labs.filter((lab) => canShareVitest(lab));
  if (shared.length < 2) return [];
  const only = shared.every((lab) => scoring.has(lab.id))
    ? new Set(shared.flatMap((lab) => [...(scoring.get(lab.id) ?? [])]))
    : undefined;
  const results = await gradeSolutionsTogether(shared, only);
  if (typeof results === 'string') return [results];
  return results
    .filter((result) => result.maxScore === 0 || result.score < result.maxScore || result.errors.length > 0)
    .map(
      (result) =>
        `labs/${shared.find((lab) => lab.id === result.id)?.folder}: the solution scores ${result.score}/${result.maxScore} when graded with labs ${shared.map((lab) => lab.id).join(', ')} in one run (as \`cloudlab grade\` does): ${failedChecks(result)}`,
    );
}

/** The solutions in one course run (as gradeLabs runs them); a run that cannot start says why. */
async function gradeSolutionsTogether(
  labs: readonly LabInfo[],
  only: ReadonlySet<string> | undefined,
): Promise<LabResult[] | string> {
  const entries = labs.map((lab) => ({ lab, codeDir: codeDirOf(lab, 'solution') }));
  let grader: CourseGrader | undefined;
  try {
    grader = await CourseGrader.open(entries, awsGrading);
    return await grader.grade([], only);
  } catch (error) {
    return `labs ${labs.map((lab) => lab.id).join(', ')}: could not grade the solutions together (${(error as Error).message})`;
  } finally {
    await grader?.close();
  }
}

/** Runs `work` over items with at most `limit` at a time, keeping the order of results. */
async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  });
  await Promise.all(lanes);
  return results;
}
