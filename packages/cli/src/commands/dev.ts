import { rm } from 'node:fs/promises';
import { freemem } from 'node:os';
import { join } from 'node:path';
import {
  canShareVitest,
  discoverLabs,
  gradeLabs,
  type LabInfo,
  type LabResult,
  resolveLab,
  WarmLabGrader,
} from '@cloudlab/grader/node';
import type { Command } from 'commander';
// The starter generator and the static lab checks are plain zx-era modules shared with scripts/make-starters.mjs.
import { lintCatalog, lintLab } from '../../../../scripts/lib/lab-lint.mjs';
import { planStarter, writeTree } from '../../../../scripts/lib/starter-tree.mjs';
import type { CommandModule } from '../command.ts';
import { CliError } from '../errors.ts';
import { ExitCode } from '../exit-codes.ts';
import { printResult, statusMark, withJsonOption } from '../output.ts';
import { findCourseRoot } from '../student/course.ts';
import { startSharedEmulator } from '../student/shared-emulator.ts';

/**
 * `cloudlab dev check`: content CI for lab authors. Static checks first (layout, stray files, metadata,
 * markers, starter drift), then grading: the solution must score 100 %, the starter 0, and every TODO must
 * be caught — for each exercise n a variant of the solution with only region n stubbed must lose points.
 * Last, the solutions of the labs that share a Vitest instance are graded together, as `cloudlab grade` does.
 *
 * Why variants rather than mapping failing starter checks to `check(…, { exercise })`: a check tagged with
 * exercise 3 may fail in the starter only because exercise 1 is a stub too, so the mapping can claim a TODO
 * is caught when nothing tests it. A variant proves it. The cost is kept low by grading every variant of a
 * lab on ONE warm Vitest instance (one emulator, one transform cache): each variant is a rewrite of one
 * folder plus a re-run, not a new process.
 */

interface TodoVerdict {
  n: number;
  score: number;
  maxScore: number;
  caught: boolean;
}

export interface LabCheck {
  id: string;
  folder: string;
  ok: boolean;
  problems: string[];
  solution?: { score: number; maxScore: number };
  starter?: { score: number; maxScore: number };
  todos: TodoVerdict[];
  durationMs: number;
}

export interface DevCheckReport {
  ok: boolean;
  problems: string[];
  labs: LabCheck[];
}

/** A lab's Vitest instance, emulator and forks take roughly this much; labs run in parallel while memory allows. */
const MEMORY_PER_LAB = 600 * 1024 * 1024;

function failedChecks(result: LabResult): string {
  const failed = result.checks.filter((c) => c.status !== 'passed');
  const shown = failed.slice(0, 3).map((c) => `"${c.title}"${c.message ? ` (${c.message})` : ''}`);
  return [...shown, ...(failed.length > 3 ? [`and ${failed.length - 3} more`] : []), ...result.errors].join(
    '; ',
  );
}

/**
 * Opening a grader points the lab's `@lab` alias through process.env while its Vitest config loads, so two
 * labs opening at once could read each other's folder: opens take turns, the runs themselves overlap.
 */
let opening: Promise<unknown> = Promise.resolve();
function openGrader(lab: LabInfo, codeDir: string): Promise<WarmLabGrader> {
  const next = opening.then(() => WarmLabGrader.open(lab, { codeDir }));
  opening = next.catch(() => undefined);
  return next;
}

async function gradeVariants(lab: LabInfo, check: LabCheck): Promise<void> {
  const titles = new Map(lab.definition.exercises.map((e) => [e.n, e.title]));
  // One folder per run: two dev checks of the same lab at once (an editor's and a terminal's, or two
  // engineers') would otherwise overwrite each other's variants and grade the wrong code.
  const codeDir = join(lab.dir, '.cloudlab', 'dev-check', `code-${process.pid}`);
  // `only: 0` stubs no region: the solution with its markers removed, graded through the same alias.
  const variants: { name: string; only: number }[] = [
    { name: 'solution', only: 0 },
    { name: 'starter', only: -1 },
    ...lab.definition.exercises.map((e) => ({ name: `todo-${e.n}`, only: e.n })),
  ];
  let grader: WarmLabGrader | undefined;
  try {
    for (const variant of variants) {
      const { files } = await planStarter(lab.dir, titles, variant.only === -1 ? {} : { only: variant.only });
      await writeTree(codeDir, files);
      grader ??= await openGrader(lab, codeDir);
      const result = await grader.grade([...files.keys()].map((file) => join(codeDir, file)));
      const where = `labs/${lab.folder}`;
      if (variant.name === 'solution') {
        check.solution = { score: result.score, maxScore: result.maxScore };
        if (result.maxScore === 0)
          check.problems.push(
            `${where}: the solution run found no checks — ${failedChecks(result) || 'add tests/*.test.ts'}`,
          );
        else if (result.score < result.maxScore) {
          check.problems.push(
            `${where}/solution scores ${result.score}/${result.maxScore}, must be 100%: ${failedChecks(result)}`,
          );
        }
        for (const c of result.checks)
          if (c.hints.length === 0) check.problems.push(`${where}/${c.file}: check "${c.title}" has no hint`);
      } else if (variant.name === 'starter') {
        check.starter = { score: result.score, maxScore: result.maxScore };
        const passing = result.checks.filter((c) => c.status === 'passed' && c.points > 0);
        if (result.score > 0) {
          check.problems.push(
            `${where}/starter scores ${result.score}/${result.maxScore}, must be 0: these checks pass without any work — ${passing.map((c) => `"${c.title}"`).join(', ')}`,
          );
        }
      } else {
        const caught = result.maxScore > 0 && result.score < result.maxScore;
        check.todos.push({ n: variant.only, score: result.score, maxScore: result.maxScore, caught });
        if (!caught) {
          check.problems.push(
            `${where}: TODO(${variant.only}) "${titles.get(variant.only)}" fails no check — the solution with only that region stubbed still scores 100%; add a check for it`,
          );
        }
      }
    }
  } finally {
    await grader?.close();
    await rm(codeDir, { recursive: true, force: true });
  }
}

async function checkLab(lab: LabInfo, grade: boolean): Promise<LabCheck> {
  const started = performance.now();
  const check: LabCheck = {
    id: lab.id,
    folder: lab.folder,
    ok: false,
    problems: [],
    todos: [],
    durationMs: 0,
  };
  check.problems.push(...(await lintLab(lab, lab.definition)));
  // Grading a lab whose markers are broken would only repeat the same problem as failed checks.
  if (grade && !check.problems.some((p) => / BEGIN SOLUTION|END SOLUTION|no "BEGIN SOLUTION/.test(p))) {
    try {
      await gradeVariants(lab, check);
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
 */
async function checkTogether(labs: readonly LabInfo[]): Promise<string[]> {
  const shared = labs.filter((lab) => canShareVitest(lab));
  if (shared.length < 2) return [];
  const run = await gradeLabs(shared, { variant: 'solution' });
  return run.labs
    .filter((result) => result.maxScore === 0 || result.score < result.maxScore || result.errors.length > 0)
    .map(
      (result) =>
        `labs/${shared.find((lab) => lab.id === result.id)?.folder}: the solution scores ${result.score}/${result.maxScore} when graded with labs ${shared.map((lab) => lab.id).join(', ')} in one run (as \`cloudlab grade\` does): ${failedChecks(result)}`,
    );
}

/** Runs `work` over items with at most `limit` at a time, keeping the order of results. */
async function mapLimited<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
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

function render(report: DevCheckReport): string {
  const lines: string[] = [];
  for (const problem of report.problems) lines.push(`${statusMark('fail')} ${problem}`);
  for (const lab of report.labs) {
    const scores = [
      lab.solution ? `solution ${lab.solution.score}/${lab.solution.maxScore}` : undefined,
      lab.starter ? `starter ${lab.starter.score}/${lab.starter.maxScore}` : undefined,
      lab.todos.length
        ? `TODOs caught ${lab.todos.filter((t) => t.caught).length}/${lab.todos.length}`
        : undefined,
    ].filter(Boolean);
    lines.push(
      `${statusMark(lab.ok ? 'ok' : 'fail')} labs/${lab.folder}  ${scores.join(', ')}  (${(lab.durationMs / 1000).toFixed(1)} s)`,
    );
    for (const problem of lab.problems) lines.push(`    ${problem}`);
  }
  lines.push(report.ok ? 'dev check: every lab is consistent' : 'dev check: fix the problems above');
  return lines.join('\n');
}

interface DevCheckOptions {
  grade: boolean;
  jobs?: string;
}

async function runCheck(labQueries: string[], options: DevCheckOptions, command: Command): Promise<void> {
  const root = findCourseRoot();
  let labs: LabInfo[];
  try {
    labs = await discoverLabs(root);
  } catch (error) {
    throw new CliError(`${(error as Error).message}`, ExitCode.checksFailed);
  }
  if (labs.length === 0)
    throw new CliError(`no labs under ${join(root, 'labs')} — run cloudlab from the course folder`);
  const chosen = labQueries.length > 0 ? labQueries.map((query) => resolveLab(labs, query)) : labs;
  const byMemory = Math.max(1, Math.floor(freemem() / MEMORY_PER_LAB));
  const jobs = options.jobs ? Number(options.jobs) : Math.min(byMemory, 2);
  if (!Number.isInteger(jobs) || jobs < 1)
    throw new CliError(`--jobs takes a whole number >= 1, got "${options.jobs}"`);

  // Labs are graded side by side, each on its own Vitest instance: they share one emulator, started here for
  // the whole check (an emulator of one instance's globalSetup would end with that instance).
  const stopEmulator = options.grade ? await startSharedEmulator() : async () => {};
  const problems = lintCatalog(labs);
  let results: LabCheck[];
  try {
    results = await mapLimited(chosen, jobs, (lab) => checkLab(lab, options.grade));
    if (options.grade) problems.push(...(await checkTogether(chosen)));
  } finally {
    await stopEmulator();
  }
  const report: DevCheckReport = {
    ok: problems.length === 0 && results.every((r) => r.ok),
    problems,
    labs: results,
  };
  printResult(command, report, render);
  if (!report.ok) process.exitCode = ExitCode.checksFailed;
}

/** `cloudlab dev …`: commands for course authors. */
export const devCommand: CommandModule = {
  register(program) {
    const dev = program.command('dev').description('commands for lab authors');
    withJsonOption(
      dev
        .command('check [labs...]')
        .description(
          'content CI: layout, starter drift, solution 100%, starter 0, every TODO caught by a check',
        )
        .option('--no-grade', 'static checks only (layout, metadata, markers, starter drift)')
        .option('--jobs <n>', 'labs graded at the same time (default: as free memory allows, at most 2)'),
    ).action((labQueries: string[], options: DevCheckOptions, command: Command) =>
      runCheck(labQueries, options, command),
    );
  },
};
