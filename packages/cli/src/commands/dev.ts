import { LabNotFoundError } from '@cloudlab/course';
import type { Command } from 'commander';
import type { Flags } from '../cli-table.ts';
import type { CommandModule } from '../command.ts';
import { CliError } from '../errors.ts';
import { ExitCode } from '../exit-codes.ts';
import { printResult, statusMark } from '../output.ts';
import { commandFrom } from '../register-command.ts';
import { findCourseRoot } from '../student/course.ts';

// The engine (@cloudlab/course/dev-check) explains what is checked and why variants.
type DevCheckReport = import('@cloudlab/course/dev-check').DevCheckReport;

function render(report: DevCheckReport): string {
  const lines: string[] = [];
  for (const problem of report.problems) lines.push(`${statusMark('fail')} ${problem}`);
  for (const lab of report.labs) {
    const caught = (verdicts: { caught: boolean }[]) =>
      `${verdicts.filter((v) => v.caught).length}/${verdicts.length}`;
    const scores = [
      lab.solution ? `solution ${lab.solution.score}/${lab.solution.maxScore}` : undefined,
      lab.starter ? `starter ${lab.starter.score}/${lab.starter.maxScore}` : undefined,
      lab.todos.length ? `TODOs caught ${caught(lab.todos)}` : undefined,
      lab.misconceptions.length ? `misconceptions caught ${caught(lab.misconceptions)}` : undefined,
    ].filter(Boolean);
    lines.push(
      `${statusMark(lab.ok ? 'ok' : 'fail')} labs/${lab.folder}  ${scores.join(', ')}  (${(lab.durationMs / 1000).toFixed(1)} s)`,
    );
    for (const problem of lab.problems) lines.push(`    ${problem}`);
  }
  lines.push(report.ok ? 'dev check: every lab is consistent' : 'dev check: fix the problems above');
  return lines.join('\n');
}

async function runCheck(labQueries: string[], flags: Flags<'dev check'>, command: Command): Promise<void> {
  if (flags.onlyMisconceptions && !flags.misconceptions)
    throw new CliError('--only-misconceptions and --no-misconceptions exclude each other: choose one');
  if (flags.onlyMisconceptions && !flags.todos)
    throw new CliError('--only-misconceptions already skips the TODO variants: drop --no-todos');
  const jobs = flags.jobs === undefined ? undefined : Number(flags.jobs);
  if (jobs !== undefined && (!Number.isInteger(jobs) || jobs < 1))
    throw new CliError(`--jobs takes a whole number >= 1, got "${flags.jobs}"`);
  // The runner (Vitest) loads only for this command.
  const { devCheck, DevCheckError } = await import('@cloudlab/course/dev-check');
  let report: DevCheckReport;
  try {
    report = await devCheck({
      root: findCourseRoot(),
      labs: labQueries,
      grade: flags.grade,
      ...(jobs ? { jobs } : {}),
      ...(flags.onlyMisconceptions ? { onlyMisconceptions: true } : {}),
      ...(flags.misconceptions ? {} : { misconceptions: false }),
      ...(flags.todos ? {} : { todos: false }),
    });
  } catch (error) {
    if (error instanceof DevCheckError || error instanceof LabNotFoundError)
      throw new CliError(error.message);
    // A lab.ts that does not load or breaks defineLab's rules is a content problem.
    throw new CliError((error as Error).message, ExitCode.checksFailed);
  }
  printResult(command, report, render);
  if (!report.ok) process.exitCode = ExitCode.checksFailed;
}

/** `cloudlab dev …`: commands for course authors. */
export const devCommand: CommandModule = {
  register(program) {
    const dev = commandFrom(program, 'dev');
    commandFrom(dev, 'dev check').action(
      (labQueries: string[], flags: Flags<'dev check'>, command: Command) =>
        runCheck(labQueries, flags, command),
    );
  },
};
