import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { awsGrading } from '@cloudlab/aws-session/grading';
import {
  type LabInfo,
  type LabResult,
  TRUSTED_CACHE_ENV,
  WarmLabGrader,
  withTouchedChecks,
} from '@cloudlab/grader/node';
import { exerciseTitles } from '../catalog/lab-catalog.ts';
import { isBroken, loadMisconceptions, type Misconception } from '../misconceptions/misconception-entry.ts';
import { applyMisconception } from '../misconceptions/misconception-variant.ts';
import { readSolution, transformTree, writeTree } from '../starter/starter-tree.ts';
import type { LabCheck } from './dev-check-report.ts';
import { scoringStages } from './scoring-stages.ts';
import { profileVariant } from './variant-profile.ts';

/**
 * Why variants rather than mapping failing starter checks to `check(…, { exercise })`: a check tagged with
 * exercise 3 may fail in the starter only because exercise 1 is a stub too, so the mapping can claim a TODO
 * is caught when nothing tests it. A variant proves it. The cost is kept low by grading every variant of a
 * lab on ONE warm Vitest instance (one transform cache, one kept worker): each variant is a rewrite of one
 * folder plus a re-run, not a new process. Misconceptions are variants too: the solution with one plausible
 * wrong answer written in, which must lose points.
 */

type Variant =
  | { kind: 'solution' | 'starter'; files: Map<string, string> }
  | { kind: 'todo'; n: number; files: Map<string, string> }
  | { kind: 'misconception'; entry: Misconception; files: Map<string, string> };

export interface VariantOptions {
  /** Grade only the solution and the misconceptions (an author writing catalogue entries). */
  onlyMisconceptions?: boolean;
  /**
   * False: skip the catalogue (solution, starter and TODOs only). For a second runtime's leg in CI, which
   * proves the grading works there; the catalogue proves the checks, which does not depend on the runtime.
   */
  misconceptions?: boolean;
  /**
   * False: every TODO and misconception variant runs all the scoring test files at once, as before the
   * affected files were run first (bench/dev-check.ts measures against it). The verdicts are the same either way.
   */
  affectedFirst?: boolean;
  /**
   * False: skip the per-TODO variants. With `misconceptions: false`, a second runtime's leg grades only the
   * solution and the starter: whether a TODO is caught no more depends on the runtime than a misconception.
   */
  todos?: boolean;
}

/**
 * Opening a grader points the lab's `@lab` alias through process.env while its Vitest config loads, so two
 * labs opening at once could read each other's folder: opens take turns, the runs themselves overlap.
 */
let opening: Promise<unknown> = Promise.resolve();
function openGrader(lab: LabInfo, codeDir: string, trustedCache: string): Promise<WarmLabGrader> {
  const next = opening.then(() =>
    WarmLabGrader.open(lab, { ...awsGrading, codeDir, env: { [TRUSTED_CACHE_ENV]: trustedCache } }),
  );
  opening = next.catch(() => undefined);
  return next;
}

/**
 * Grades the lab's variants and records scores, verdicts and problems in `check`. Returns the test files with
 * a check worth points (absolute paths) once the solution has been graded.
 */
export async function gradeVariants(
  lab: LabInfo,
  check: LabCheck,
  options: VariantOptions = {},
): Promise<ReadonlySet<string> | undefined> {
  const titles = exerciseTitles(lab);
  const where = `labs/${lab.folder}`;
  const solution = await readSolution(lab.dir);
  const variants: Variant[] = [
    { kind: 'solution', files: transformTree(solution, titles, { only: 0 }).files },
  ];
  if (!options.onlyMisconceptions) {
    variants.push({ kind: 'starter', files: transformTree(solution, titles).files });
    for (const { n } of options.todos === false ? [] : lab.definition.exercises)
      variants.push({ kind: 'todo', n, files: transformTree(solution, titles, { only: n }).files });
  }
  for (const entry of options.misconceptions === false ? [] : await loadMisconceptions(lab)) {
    const applied = isBroken(entry) ? { problem: entry.problem } : applyMisconception(solution, entry);
    if ('problem' in applied) {
      check.misconceptions.push({ name: entry.name, caught: false });
      check.problems.push(applied.problem);
      continue;
    }
    try {
      // The markers go as for the solution variant; an edit that broke them is the entry's problem.
      const files = transformTree(applied.files, titles, { only: 0 }).files;
      variants.push({ kind: 'misconception', entry: entry as Misconception, files });
    } catch (error) {
      check.misconceptions.push({ name: entry.name, caught: false });
      check.problems.push(
        `${entry.path}: the edited solution has broken markers (${(error as Error).message})`,
      );
    }
  }

  // One folder per run: two dev checks of the same lab at once (an editor's and a terminal's, or two
  // engineers') would otherwise overwrite each other's variants and grade the wrong code.
  const codeDir = join(lab.dir, '.cloudlab', 'dev-check', `code-${process.pid}`);
  const inCodeDir = (files: readonly string[]) => files.map((file) => join(codeDir, file));
  // Every variant here is the author's code, so a check may reuse what an earlier variant computed from
  // byte-identical inputs (cachedByContent of @cloudlab/grader): a folder of this run only, outside the lab.
  const trustedCache = await mkdtemp(join(tmpdir(), 'cloudlab-dev-check-cache-'));
  let grader: WarmLabGrader | undefined;
  let solutionRun: SolutionRun | undefined;
  let written: ReadonlyMap<string, string> = new Map();
  try {
    for (const variant of variants) {
      await writeTree(codeDir, variant.files);
      grader ??= await openGrader(lab, codeDir, trustedCache);
      // Only what differs from the variant graded before is re-read: Vite keeps serving the rest.
      const changed = inCodeDir(differingFiles(written, variant.files));
      written = variant.files;
      const profiled = profileVariant(lab.id, variantName(variant));
      let result: LabResult;
      let ran = { stages: 1, files: -1 };
      if (
        solutionRun &&
        variant.kind !== 'solution' &&
        variant.kind !== 'starter' &&
        options.affectedFirst !== false
      ) {
        const costs = fileCosts(lab, solutionRun.result);
        const affected = grader.affectedTestFiles(
          inCodeDir(differingFiles(solutionRun.files, variant.files)),
        );
        const stages = scoringStages(solutionRun.scoring, affected, costs, catchers(variant, solutionRun));
        const caught = (r: LabResult) =>
          variant.kind === 'misconception' ? misconceptionVerdict(variant.entry, r).caught : lostPoints(r);
        ({ result, ran } = await gradeInStages(grader, stages, changed, solutionRun.result, caught));
      } else if (solutionRun && variant.kind !== 'solution') {
        // The starter too: its score (which must be 0) cannot depend on a 0-point file, and the typecheck's tsc
        // would cost more than the rest of its run.
        result = await grader.gradeTestFiles(solutionRun.scoring, changed);
        ran = { stages: 1, files: solutionRun.scoring.size };
      } else {
        result = await grader.grade(changed);
      }
      profiled(ran);
      judge(variant, result, check, where, titles);
      // A misconception means nothing against a solution that does not score 100 %.
      if (variant.kind === 'solution' && (result.maxScore === 0 || result.score < result.maxScore)) break;
      if (variant.kind === 'solution') solutionRun = solutionRunOf(lab, variant.files, result);
    }
  } finally {
    await grader?.close();
    await rm(codeDir, { recursive: true, force: true });
    await rm(trustedCache, { recursive: true, force: true });
  }
  return solutionRun?.scoring;
}

/** The solution variant as graded: its files, its test files with a check worth points, and their checks. */
interface SolutionRun {
  labDir: string;
  files: ReadonlyMap<string, string>;
  scoring: ReadonlySet<string>;
  /** The solution's result with only the scoring files' checks, as a run of those files gives it. */
  result: LabResult;
}

function solutionRunOf(lab: LabInfo, files: ReadonlyMap<string, string>, result: LabResult): SolutionRun {
  const scoring = scoringTestFiles(lab, result);
  const checks = result.checks.filter((c) => scoring.has(join(lab.dir, c.file)));
  return { labDir: lab.dir, files, scoring, result: { ...result, checks } };
}

/**
 * A TODO or misconception variant graded stage by stage (scoringStages), stopping as soon as the checks run so
 * far prove it caught. Exact, not an estimate: "caught" is facts each of which some failed check reported — a
 * TODO's, that it lost points; a misconception's, three (the variant lost points, a failed check's title
 * contains caught-by, a check failed as a wrong answer). A check that failed in a stage fails in the full run
 * too (a lab's test files do not depend on each other: they undo what they change, and the scoring files
 * already run without the 0-point ones), and the checks not run yet can only add failures. So once the stages
 * run so far prove it, the full run would too; when they do not, every stage runs, which is the full run, and
 * the problem is named from it. The checks not run keep the solution's verdict (passed), so the score and the
 * failed checks reported are a full run's unless a file not run would have failed as well: one the module
 * graph does not link to the changed files, or one broken by work the variant leaves running (a promise not
 * awaited) — neither can turn a verdict. The starter passes one stage of every scoring file.
 */
async function gradeInStages(
  grader: WarmLabGrader,
  stages: readonly ReadonlySet<string>[],
  changed: readonly string[],
  solution: LabResult,
  caught: (result: LabResult) => boolean,
): Promise<{ result: LabResult; ran: { stages: number; files: number } }> {
  let result = solution;
  let invalidate = changed;
  const ran = { stages: 0, files: 0 };
  for (const stage of stages) {
    result = withTouchedChecks(result, await grader.gradeTestFiles(stage, invalidate));
    invalidate = [];
    ran.stages++;
    ran.files += stage.size;
    if (caught(result)) break;
  }
  return { result, ran };
}

/**
 * The scoring files that hold a check able to prove the variant caught: for a misconception with caught-by,
 * those with a check whose title contains it (one of them must fail); for TODO n, those with a check of
 * exercise n worth points (the checks the chapter says test it). Empty when any check would do.
 */
function catchers(variant: Variant, solution: SolutionRun): Set<string> {
  const files = new Set<string>();
  for (const c of solution.result.checks) {
    const file = join(solution.labDir, c.file);
    if (!solution.scoring.has(file) || c.points === 0) continue;
    if (variant.kind === 'todo' && c.exercise === variant.n) files.add(file);
    if (
      variant.kind === 'misconception' &&
      variant.entry.caughtBy &&
      c.title.includes(variant.entry.caughtBy)
    )
      files.add(file);
  }
  return files;
}

const lostPoints = (result: LabResult) => result.maxScore > 0 && result.score < result.maxScore;

function variantName(variant: Variant): string {
  if (variant.kind === 'todo') return `todo ${variant.n}`;
  if (variant.kind === 'misconception') return `misconception ${variant.entry.name}`;
  return variant.kind;
}

/** Relative paths whose text differs between two trees, or that only one of them has. */
function differingFiles(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): string[] {
  return [...new Set([...a.keys(), ...b.keys()])].filter((file) => a.get(file) !== b.get(file));
}

/** What each test file (absolute path) cost in a run: the sum of its checks' durations. */
function fileCosts(lab: LabInfo, result: LabResult): Map<string, number> {
  const costs = new Map<string, number>();
  for (const c of result.checks) {
    const file = join(lab.dir, c.file);
    costs.set(file, (costs.get(file) ?? 0) + c.durationMs);
  }
  return costs;
}

/**
 * The test files with a check worth points. A TODO or misconception variant is judged on whether it loses
 * points (and which checks fail for it), which a file of 0-point checks cannot change — the typecheck is one,
 * and its tsc run costs more than the rest of a variant's grading — so those variants run only these files.
 * The solution and the starter still run every file.
 */
function scoringTestFiles(lab: LabInfo, solution: LabResult): ReadonlySet<string> {
  return new Set(solution.checks.filter((c) => c.points > 0).map((c) => join(lab.dir, c.file)));
}

function judge(
  variant: Variant,
  result: LabResult,
  check: LabCheck,
  where: string,
  titles: ReadonlyMap<number, string>,
): void {
  const lost = result.maxScore > 0 && result.score < result.maxScore;
  const failed = result.checks.filter((c) => c.status !== 'passed').map((c) => c.title);
  if (variant.kind === 'solution') {
    check.solution = { score: result.score, maxScore: result.maxScore };
    if (result.maxScore === 0)
      check.problems.push(
        `${where}: the solution run found no checks — ${failedChecks(result) || 'add tests/*.test.ts'}`,
      );
    else if (lost)
      check.problems.push(
        `${where}/solution scores ${result.score}/${result.maxScore}, must be 100%: ${failedChecks(result)}`,
      );
    // A lab passes only when every check does: a failing 0-point check (the typecheck) keeps the solution
    // from passing although it scores 100 %.
    for (const c of result.checks.filter((c) => c.points === 0 && c.status !== 'passed'))
      check.problems.push(
        `${where}/solution fails "${c.title}" (0 points, but a lab passes only when every check passes)${c.message ? `: ${c.message}` : ''}`,
      );
    for (const c of result.checks)
      if (c.hints.length === 0) check.problems.push(`${where}/${c.file}: check "${c.title}" has no hint`);
  } else if (variant.kind === 'starter') {
    check.starter = { score: result.score, maxScore: result.maxScore };
    const passing = result.checks.filter((c) => c.status === 'passed' && c.points > 0);
    if (result.score > 0)
      check.problems.push(
        `${where}/starter scores ${result.score}/${result.maxScore}, must be 0: these checks pass without any work — ${passing.map((c) => `"${c.title}"`).join(', ')}`,
      );
  }
  if (variant.kind === 'starter' || variant.kind === 'todo') {
    // These variants' only fault is a TODO stub, graded on a working emulator: a failure blamed on the
    // environment or the harness there would tell a learner on their first grade that the run was incomplete.
    for (const c of result.checks)
      if (c.status === 'failed' && c.classification !== undefined && c.classification !== 'wrong-answer')
        check.problems.push(
          `${where}: in the ${variant.kind === 'todo' ? `solution with only TODO(${variant.n}) stubbed` : 'starter'}, "${c.title}" fails as ${c.classification} (${c.message ?? ''}) — a stub is the learner's code: the failure must be a wrong answer`,
        );
  }
  if (variant.kind === 'todo') {
    check.todos.push({ n: variant.n, score: result.score, maxScore: result.maxScore, caught: lost });
    if (!lost)
      check.problems.push(
        `${where}: TODO(${variant.n}) "${titles.get(variant.n)}" fails no check — the solution with only that region stubbed still scores 100%; add a check for it`,
      );
  } else if (variant.kind === 'misconception') {
    const { entry } = variant;
    const { lost, named, asWrongAnswer, caught } = misconceptionVerdict(entry, result);
    // A wrong answer caught only by checks that blame the environment or the harness tells the learner "not
    // your code" about their own mistake: it is not caught in a way that teaches.
    const blamed = result.checks.filter(
      (c) => c.status === 'failed' && c.classification !== undefined && c.classification !== 'wrong-answer',
    );
    check.misconceptions.push({
      name: entry.name,
      score: result.score,
      maxScore: result.maxScore,
      caught,
      failed,
    });
    if (!lost)
      check.problems.push(
        `${entry.path}: this wrong answer keeps full marks (${result.score}/${result.maxScore}) — add or sharpen a check so it fails (it violates: ${entry.violates})`,
      );
    else if (!asWrongAnswer)
      check.problems.push(
        `${entry.path}: it loses points only through checks that blame the environment or the harness (${blamed.map((c) => `"${c.title}" as ${c.classification}`).join(', ')}) — the learner would read "not your code" about their own mistake: make a check fail it as a wrong answer`,
      );
    else if (!named) {
      const known = result.checks.some((c) => c.title.includes(entry.caughtBy as string));
      check.problems.push(
        `${entry.path}: it loses points, but no failing check's title contains caught-by "${entry.caughtBy}"${known ? '' : ' (no check of the lab has that in its title)'} — failing: ${failed.map((title) => `"${title}"`).join(', ')}`,
      );
    }
  }
}

/**
 * Whether a misconception variant's result catches it: it lost points, a failed check's title contains
 * caught-by (when given), and a check failed as a wrong answer (not blamed on the environment or the harness).
 */
function misconceptionVerdict(entry: Misconception, result: LabResult) {
  const lost = result.maxScore > 0 && result.score < result.maxScore;
  const failed = result.checks.filter((c) => c.status !== 'passed').map((c) => c.title);
  const named =
    entry.caughtBy === undefined || failed.some((title) => title.includes(entry.caughtBy as string));
  const asWrongAnswer = result.checks.some(
    (c) => c.status === 'failed' && (c.classification === undefined || c.classification === 'wrong-answer'),
  );
  return { lost, named, asWrongAnswer, caught: lost && named && asWrongAnswer };
}

/** The first failed checks of a run and its errors, for a one-line problem. */
export function failedChecks(result: LabResult): string {
  const failed = result.checks.filter((c) => c.status !== 'passed');
  const shown = failed.slice(0, 3).map((c) => `"${c.title}"${c.message ? ` (${c.message})` : ''}`);
  return [...shown, ...(failed.length > 3 ? [`and ${failed.length - 3} more`] : []), ...result.errors].join(
    '; ',
  );
}
