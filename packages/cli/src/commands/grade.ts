import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import {
  createReporter,
  isReporterName,
  type LabInfo,
  nextFailingCheck,
  type ReporterName,
  recordRun,
} from '@cloudlab/grader/course';
import type { Variant } from '@cloudlab/grader/node';
import type { Command } from 'commander';
import type { Flags } from '../cli-table.ts';
import type { CommandModule } from '../command.ts';
import { CliError } from '../errors.ts';
import { commandFrom } from '../register-command.ts';
import { sayCheckStopped } from '../student/check-stopped.ts';
import { diskCacheOf, loadCourse, pickLabs } from '../student/course.ts';
import { exitCodeOf } from '../student/exit-code.ts';
import { hintLevel } from '../student/hints.ts';
import { preflightLiveRun } from '../student/live-preflight.ts';
import { changeProgress, keepLastResults } from '../student/progress-io.ts';
import { startSharedEmulator } from '../student/shared-emulator.ts';
import { exportTargetEnv } from '../student/target-env.ts';

export const gradeCommand: CommandModule = {
  register(program) {
    commandFrom(program, 'grade').action(
      async (queries: string[], flags: Flags<'grade'>, command: Command) => {
        const course = await loadCourse();
        const labs = pickLabs(course, queries);
        if (flags.solution && flags.dir) throw new CliError('use either --solution or --dir, not both');
        if (flags.dir && labs.length !== 1)
          throw new CliError('--dir grades one lab: name it, e.g. `cloudlab grade 03 --dir PATH`');
        if (flags.dir && !existsSync(flags.dir)) throw new CliError(`--dir ${flags.dir} does not exist`);
        const name = flags.json ? 'json' : flags.reporter;
        if (!isReporterName(name)) throw new CliError(`unknown reporter ${name}`);
        exportTargetEnv(command);
        await preflightLiveRun(command, labs);

        const variant: Variant = flags.solution ? 'solution' : flags.dir ? 'dir' : 'starter';
        // The learner's own grade (read on their terminal or as JSON) may reuse the inventories on disk.
        const ownGrade = variant !== 'dir' && (name === 'terminal' || name === 'json');
        if (ownGrade && !flags.inspect && !flags.inspectBrk) {
          // Its test worker, as the last grade of these labs started it, forks now: it loads beside Vitest.
          const { startFromDisk } = await import('@cloudlab/grader/head-start');
          startFromDisk(
            diskCacheOf(course),
            labs.map((lab) => lab.dir),
          );
        }
        // The runner (Vitest) loads only when grading, so the other commands start fast.
        const { gradeLabs } = await import('@cloudlab/grader/node');
        // The grader knows nothing of AWS: the emulator's global setup and AWS's failure classes come from here.
        const { awsGrading } = await import('@cloudlab/aws-session/grading');
        const stopEmulator = labs.length > 1 ? await startSharedEmulator() : async () => {};
        const run = await gradeLabs(labs, {
          ...awsGrading,
          variant,
          ...(flags.dir ? { dir: resolve(flags.dir) } : {}),
          ...(ownGrade ? { diskCache: diskCacheOf(course) } : {}),
          ...(flags.inspect ? { inspect: flags.inspect } : {}),
          ...(flags.inspectBrk ? { inspectBrk: flags.inspectBrk } : {}),
          onCheckStopped: sayCheckStopped,
          // A lab against real AWS can take a minute: say which one is running (stderr, so reports stay clean).
          ...(process.stderr.isTTY
            ? {
                onLabStart: (lab: LabInfo) => process.stderr.write(`grading lab ${lab.id} (${lab.title})…\n`),
              }
            : {}),
        }).finally(stopEmulator);
        const progress = await changeProgress(course.root, (p) => recordRun(p, run));
        await keepLastResults(course.root, run);

        const next = nextFailingCheck(run);
        const hintsShown = next ? { [next.lab.id]: hintLevel(progress, next.lab.id, next.check) } : {};
        const color = name === 'terminal' && !flags.out && process.stdout.isTTY && !process.env.NO_COLOR;
        const report =
          createReporter(name as ReporterName, {
            color,
            hintsShown,
            columns: process.stdout.isTTY ? process.stdout.columns : undefined,
          }).onRunEnd?.(run) ?? '';
        if (flags.out) {
          await writeFile(flags.out, report);
          process.stdout.write(
            `${name} report written to ${flags.out} — score ${run.score}/${run.maxScore}\n`,
          );
        } else {
          process.stdout.write(report);
        }
        process.exitCode = exitCodeOf(run);
      },
    );
  },
};
