import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import {
  createReporter,
  type LabInfo,
  type LabResult,
  nextFailingCheck,
  recordRun,
  toRunResult,
  withTouchedChecks,
} from '@cloudlab/grader/course';
import type { Command } from 'commander';
import type { CommandModule } from '../command.ts';
import { CliError } from '../errors.ts';
import { ExitCode } from '../exit-codes.ts';
import { wantsJson } from '../output.ts';
import { commandFrom } from '../register-command.ts';
import { sayCheckStopped } from '../student/check-stopped.ts';
import { type Course, diskCacheOf, loadCourse, pickLab } from '../student/course.ts';
import { watchFolders } from '../student/file-watcher.ts';
import { hintLevel } from '../student/hints.ts';
import { changeProgress, keepLastResults, readProgress } from '../student/progress-io.ts';
import { exportTargetEnv } from '../student/target-env.ts';

const CLEAR_SCREEN = '\u001b[2J\u001b[3J\u001b[H';

/** The lab to watch when none is named: the first one not passed yet. */
async function defaultLab(course: Course): Promise<LabInfo> {
  const progress = await readProgress(course.root);
  const lab = course.labs.find((candidate) => !progress.labs[candidate.id]?.passed) ?? course.labs[0];
  if (!lab) throw new CliError(`no labs found under ${join(course.root, 'labs')}`);
  return lab;
}

/** One verdict per line with --json, so editors and tests can follow the loop. */
function verdictEvent(result: LabResult, trigger: string[]) {
  const next = result.checks.find((check) => check.status === 'failed');
  return {
    event: 'graded',
    lab: result.id,
    status: result.status,
    score: result.score,
    maxScore: result.maxScore,
    trigger,
    next: next ? { title: next.title, message: next.message, location: next.location } : null,
    errors: result.errors,
  };
}

export const watchCommand: CommandModule = {
  register(program) {
    commandFrom(program, 'watch').action(
      async (query: string | undefined, _options: unknown, command: Command) => {
        const course = await loadCourse();
        const lab = query ? pickLab(course, query) : await defaultLab(course);
        const codeDir = join(lab.dir, 'starter');
        if (!existsSync(codeDir)) {
          throw new CliError(
            `labs/${lab.folder}/starter does not exist — run \`cloudlab reset ${lab.id}\` to restore it`,
          );
        }
        exportTargetEnv(command);
        const json = wantsJson(command);
        const { WarmLabGrader } = await import('@cloudlab/grader/node');
        const { awsGrading } = await import('@cloudlab/aws-session/grading');
        const grader = await WarmLabGrader.open(lab, {
          ...awsGrading,
          codeDir,
          diskCache: diskCacheOf(course),
          onCheckStopped: sayCheckStopped,
        });

        const color = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
        const footer = `Watching labs/${lab.folder}/starter — save a file to re-grade, Ctrl-C to stop.`;

        /** The last full grade: what a partial verdict leaves of the lab's score. */
        let last: LabResult | undefined;

        /** The quick first verdict: the test files that import what was saved (a partial result, not recorded). */
        const showAffected = async (trigger: string[]) => {
          const partial = await grader.gradeAffected(trigger);
          if (!partial || !last) return;
          const wholeLab = withTouchedChecks(last, partial);
          if (json) {
            process.stdout.write(
              `${JSON.stringify({
                ...verdictEvent(
                  partial,
                  trigger.map((file) => relative(lab.dir, file)),
                ),
                event: 'checked',
                // score and maxScore count the touched checks; these, the lab as this save leaves it.
                labScore: wholeLab.score,
                labMaxScore: wholeLab.maxScore,
                files: [...new Set(partial.checks.map((check) => check.file))],
              })}\n`,
            );
            return;
          }
          const run = toRunResult([partial], 'starter', new Date());
          const report = createReporter('terminal', { color, wholeLab }).onRunEnd?.(run) ?? '';
          process.stdout.write(
            `${process.stdout.isTTY ? CLEAR_SCREEN : ''}${report}\nGrading the rest of the lab…\n`,
          );
        };

        const show = async (trigger: string[]) => {
          if (trigger.length > 0) await showAffected(trigger);
          const startedAt = new Date();
          const result = await grader.grade(trigger);
          last = result;
          const run = toRunResult([result], 'starter', startedAt);
          const progress = await changeProgress(course.root, (p) => recordRun(p, run));
          await keepLastResults(course.root, run);
          if (json) {
            process.stdout.write(
              `${JSON.stringify(
                verdictEvent(
                  result,
                  trigger.map((file) => relative(lab.dir, file)),
                ),
              )}\n`,
            );
            return;
          }
          const next = nextFailingCheck(run);
          const hintsShown = next ? { [lab.id]: hintLevel(progress, lab.id, next.check) } : {};
          const report =
            createReporter('terminal', {
              color,
              hintsShown,
              columns: process.stdout.isTTY ? process.stdout.columns : undefined,
            }).onRunEnd?.(run) ?? '';
          process.stdout.write(`${process.stdout.isTTY ? CLEAR_SCREEN : ''}${report}\n${footer}\n`);
        };

        // One grade at a time: saves during a run are gathered and graded together right after it.
        let running: Promise<void> | undefined;
        let queued: string[] | undefined;
        const schedule = (files: string[]) => {
          if (running) {
            queued = [...(queued ?? []), ...files];
            return;
          }
          running = show(files)
            .catch((error) => {
              process.stderr.write(`cloudlab: ${(error as Error).message}\n`);
            })
            .finally(() => {
              running = undefined;
              if (queued) {
                const again = queued;
                queued = undefined;
                schedule(again);
              }
            });
        };

        await new Promise<void>((resolve) => {
          const watcher = watchFolders([codeDir, join(lab.dir, 'tests')].filter(existsSync), {
            onChange: schedule,
            onGone: (dir) => {
              process.stderr.write(
                `cloudlab: ${relative(course.root, dir)} disappeared — run \`cloudlab reset ${lab.id}\` to restore it, then watch again\n`,
              );
              process.exitCode = ExitCode.usageOrEnvironment;
              resolve();
            },
          });
          const stop = () => {
            // Ctrl-C is how a student ends watch: a normal exit. Runs before Vitest's own signal handler,
            // which would otherwise set 130 and exit at once.
            process.exitCode = ExitCode.ok;
            watcher.close();
            resolve();
          };
          process.prependOnceListener('SIGINT', stop);
          process.prependOnceListener('SIGTERM', stop);
          schedule([]);
        });
        await running;
        await grader.close();
      },
    );
  },
};
