import type { BatchSummary, SubmissionRecord } from '@cloudlab/instructor';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import type { Flags } from '../cli-table.ts';
import type { CommandModule } from '../command.ts';
import { CliError } from '../errors.ts';
import { printResult } from '../output.ts';
import { commandFrom } from '../register-command.ts';
import { findCourseRoot } from '../student/course.ts';

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
    commandFrom(program, 'batch').action(
      async (submissions: string, flags: Flags<'batch'>, command: Command) => {
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
          if ((error as { code?: string }).code === 'LabNotFound')
            throw new CliError((error as Error).message);
          throw error;
        }
      },
    );
  },
};
