import type { BatchSummary, SubmissionRecord } from '@cloudlab/instructor';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import type { CommandModule } from '../command.ts';
import { CliError } from '../errors.ts';
import { printResult, withJsonOption } from '../output.ts';
import { findCourseRoot } from '../student/course.ts';

interface BatchFlags {
  out: string;
  workers?: string;
  force?: boolean;
  labs?: string;
  timeout?: string;
  maxMemory?: string;
  keepWork?: boolean;
  isolation?: string;
  unsafeNoSandbox?: boolean;
  json?: boolean;
}

const positive = (flag: string, value: string | undefined): number | undefined => {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1)
    throw new CliError(`${flag} takes a whole number above 0, got "${value}"`);
  return number;
};

const isolationOf = (value: string): 'warm' | 'process' => {
  if (value === 'warm' || value === 'process') return value;
  throw new CliError(`--isolation takes warm or process, got "${value}"`);
};

/** --json: the summary with each learner's totals, not every check (those are in OUT/results/). */
function slim(summary: BatchSummary) {
  return {
    ...summary,
    records: summary.records.map(({ learner, source, status, flags, notes, run }) => ({
      learner,
      source,
      status,
      score: run?.score ?? null,
      maxScore: run?.maxScore ?? null,
      flags,
      notes,
    })),
  };
}

function render(summary: ReturnType<typeof slim>): string {
  const flagged = summary.records.filter((record) => record.flags.length > 0).length;
  const failed = summary.records.filter((record) => record.status !== 'graded').length;
  return [
    `${summary.graded} graded, ${summary.skipped} already graded (use --force to redo), ${failed} not gradable, ${summary.refused.length} refused, ${flagged} flagged — ${(summary.durationMs / 1000).toFixed(0)} s`,
    summary.sandbox.kind === 'bwrap'
      ? `sandbox:   bubblewrap, one per grading process (limits: ${summary.sandbox.limits})`
      : 'sandbox:   none (--unsafe-no-sandbox)',
    `gradebook: ${summary.gradebook}`,
    `report:    ${summary.report}`,
  ].join('\n');
}

export const batchCommand: CommandModule = {
  register(program) {
    withJsonOption(
      program
        .command('batch')
        .description('grade a class of submissions (folders, zips, or a learner,path CSV) into a gradebook')
        .argument(
          '<submissions>',
          'a folder of learner folders and/or <learner>.zip files, or a CSV of learner,path',
        )
        .requiredOption('--out <dir>', 'output folder: gradebook.csv, results/<learner>.json, report.html')
        .option('--workers <n>', 'submissions graded at once (default: number of cores)')
        .option('--force', 're-grade submissions that already have results')
        .option('--labs <ids>', 'comma-separated labs to grade, e.g. 01,02 (default: all)')
        .option('--timeout <seconds>', 'time limit per submission, all labs together (default 600)')
        .option('--max-memory <mb>', 'heap limit per grading process in MB (default 768)')
        .option('--keep-work', 'keep each staged submission under OUT/.work for debugging')
        .option(
          '--isolation <mode>',
          'warm: one grading process per worker, reused (default); process: a fresh one per submission',
        )
        .option(
          '--unsafe-no-sandbox',
          "grade without the per-learner sandbox (bubblewrap): learners' code can then reach this machine — only for code you trust",
        ),
    ).action(async (submissions: string, flags: BatchFlags, command: Command) => {
      const { runBatch, BatchInputError, SandboxUnavailableError, SubmissionsInputError } = await import(
        '@cloudlab/instructor'
      );
      if (flags.unsafeNoSandbox)
        process.stderr.write(
          "warning: --unsafe-no-sandbox: learners' code runs as you, with your files, processes and network in reach\n",
        );
      const json = Boolean(command.optsWithGlobals<{ json?: boolean }>().json);
      const bar =
        !json && process.stderr.isTTY
          ? new cliProgress.SingleBar(
              {
                stream: process.stderr,
                format: 'grading {bar} {value}/{total} | ETA {eta_formatted} | {last}',
                etaBuffer: 8,
                hideCursor: true,
              },
              cliProgress.Presets.shades_classic,
            )
          : undefined;
      const line = (record: SubmissionRecord) =>
        `${record.learner}: ${record.status}${record.run ? ` ${record.run.score}/${record.run.maxScore}` : ''}${record.flags.length ? ` [${record.flags.join(' ')}]` : ''}`;
      try {
        const summary = await runBatch({
          submissions,
          out: flags.out,
          courseRoot: findCourseRoot(),
          ...(flags.labs
            ? {
                labs: flags.labs
                  .split(',')
                  .map((lab) => lab.trim())
                  .filter(Boolean),
              }
            : {}),
          ...(flags.workers ? { workers: positive('--workers', flags.workers)! } : {}),
          ...(flags.timeout ? { timeoutSeconds: positive('--timeout', flags.timeout)! } : {}),
          ...(flags.maxMemory ? { maxOldSpaceMB: positive('--max-memory', flags.maxMemory)! } : {}),
          ...(flags.force ? { force: true } : {}),
          ...(flags.keepWork ? { keepWork: true } : {}),
          ...(flags.isolation ? { isolation: isolationOf(flags.isolation) } : {}),
          ...(flags.unsafeNoSandbox ? { unsafeNoSandbox: true } : {}),
          onPlan: ({ total, skipped, workers }) => {
            bar?.start(total, skipped, { last: `${workers} worker(s)` });
            if (!bar && !json)
              process.stderr.write(
                `grading ${total - skipped} of ${total} submissions with ${workers} worker(s)\n`,
              );
          },
          onSubmissionEnd: (record, skipped) => {
            if (skipped) return;
            if (bar) bar.increment({ last: line(record) });
            else if (!json) process.stderr.write(`${line(record)}\n`);
          },
        });
        bar?.stop();
        printResult(command, slim(summary), render);
      } catch (error) {
        bar?.stop();
        if (
          error instanceof BatchInputError ||
          error instanceof SubmissionsInputError ||
          error instanceof SandboxUnavailableError
        )
          throw new CliError(error.message);
        if ((error as { code?: string }).code === 'LabNotFound') throw new CliError((error as Error).message);
        throw error;
      }
    });
  },
};
