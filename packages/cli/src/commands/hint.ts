import { join } from 'node:path';
import {
  freshLastResult,
  type LabInfo,
  type LabResult,
  nextFailingCheck,
  recordRun,
  toRunResult,
} from '@cloudlab/grader/course';
import type { Command } from 'commander';
import type { CommandModule } from '../command.ts';
import { CliError } from '../errors.ts';
import { printResult } from '../output.ts';
import { commandFrom } from '../register-command.ts';
import { loadCourse, pickLab } from '../student/course.ts';
import { revealNextHint } from '../student/hints.ts';
import { changeProgress, keepLastResults } from '../student/progress-io.ts';
import { exportTargetEnv } from '../student/target-env.ts';

export interface HintReport {
  lab: string;
  check?: string;
  level?: number;
  total?: number;
  hint?: string;
  location?: string;
  message: string;
}

async function gradeAgain(lab: LabInfo): Promise<LabResult> {
  const { gradeLab } = await import('@cloudlab/grader/node');
  const { awsGrading } = await import('@cloudlab/aws-session/grading');
  return gradeLab(lab, { ...awsGrading, variant: 'starter' });
}

export const hintCommand: CommandModule = {
  register(program) {
    commandFrom(program, 'hint').action(async (query: string, _options: unknown, command: Command) => {
      const course = await loadCourse();
      const lab = pickLab(course, query);
      exportTargetEnv(command);
      // The hint belongs to the check that fails now: the last grade says which while no file changed since;
      // otherwise grade again.
      const startedAt = new Date();
      const last = await freshLastResult(course.root, lab.id, [
        join(lab.dir, 'starter'),
        join(lab.dir, 'tests'),
      ]);
      const result = last ?? (await gradeAgain(lab));
      const run = toRunResult([result], 'starter', startedAt);
      if (result.status === 'error')
        throw new CliError(result.errors[0] ?? `lab ${lab.id} could not be graded`);
      const next = nextFailingCheck(run);
      let report: HintReport;
      if (!last) await keepLastResults(course.root, run);
      await changeProgress(course.root, (progress) => {
        if (!last) recordRun(progress, run);
        if (!next) {
          report = { lab: lab.id, message: `every check of lab ${lab.id} passes — no hint needed` };
          return;
        }
        const { level, text } = revealNextHint(progress, lab.id, next.check);
        const where = next.check.location
          ? `${next.check.location.file}:${next.check.location.line}`
          : undefined;
        report = {
          lab: lab.id,
          check: next.check.title,
          level,
          total: next.check.hints.length,
          hint: text,
          ...(where ? { location: where } : {}),
          message: next.check.message ?? 'failed',
        };
      });
      printResult(command, report!, (shown) => {
        if (!shown.check) return shown.message;
        const more =
          shown.level! < shown.total!
            ? `run \`cloudlab hint ${shown.lab}\` again for hint ${shown.level! + 1}`
            : 'that was the last hint';
        return [
          `Lab ${shown.lab} › ${shown.check}`,
          `  ${shown.message}${shown.location ? ` (at ${shown.location})` : ''}`,
          `  Hint ${shown.level}/${shown.total}: ${shown.hint}`,
          `  (${more})`,
        ].join('\n');
      });
    });
  },
};
