import { progressBar } from '@cloudlab/grader/course';
import type { Command } from 'commander';
import type { CommandModule } from '../command.ts';
import { dim, printResult, statusMark } from '../output.ts';
import { commandFrom } from '../register-command.ts';
import { loadCourse } from '../student/course.ts';
import { readProgress } from '../student/progress-io.ts';

export interface LabStatusRow {
  id: string;
  slug: string;
  title: string;
  started: boolean;
  passed: boolean;
  bestScore: number;
  maxScore: number;
  lastScore: number;
  lastGradedAt?: string;
  hintsShown: number;
}

export interface StatusReport {
  labs: LabStatusRow[];
  passed: number;
  total: number;
}

function render(report: StatusReport): string {
  const lines = report.labs.map((lab) => {
    const mark = lab.passed ? statusMark('ok') : lab.started ? statusMark('warn') : dim('·');
    const score = lab.started ? `${lab.bestScore}/${lab.maxScore}`.padStart(7) : dim('  not started');
    return `${mark} ${lab.id} ${lab.title.length > 44 ? `${lab.title.slice(0, 43)}…` : lab.title.padEnd(44)} ${progressBar(lab.bestScore, lab.maxScore, 20)} ${score}`;
  });
  lines.push('', `${report.passed}/${report.total} labs passed`);
  return lines.join('\n');
}

export const statusCommand: CommandModule = {
  register(program) {
    commandFrom(program, 'status').action(async (_options: unknown, command: Command) => {
      const course = await loadCourse();
      const progress = await readProgress(course.root);
      const labs: LabStatusRow[] = course.labs.map((lab) => {
        const entry = progress.labs[lab.id];
        return {
          id: lab.id,
          slug: lab.slug,
          title: lab.title,
          started: entry !== undefined,
          passed: entry?.passed ?? false,
          bestScore: entry?.bestScore ?? 0,
          maxScore: entry?.maxScore ?? 0,
          lastScore: entry?.lastScore ?? 0,
          ...(entry?.lastGradedAt ? { lastGradedAt: entry.lastGradedAt } : {}),
          hintsShown: entry?.hintsShown ?? 0,
        };
      });
      const report = { labs, passed: labs.filter((lab) => lab.passed).length, total: labs.length };
      printResult(command, report, render);
    });
  },
};
