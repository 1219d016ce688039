import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { Command } from 'commander';
import type { CommandModule } from '../command.ts';
import { CliError } from '../errors.ts';
import { ExitCode } from '../exit-codes.ts';
import { printResult } from '../output.ts';
import { commandFrom } from '../register-command.ts';
import { loadCourse, pickLab } from '../student/course.ts';
import { readProgress } from '../student/progress-io.ts';

export interface SolutionReport {
  lab: string;
  files: { path: string; content: string }[];
}

export const solutionCommand: CommandModule = {
  register(program) {
    commandFrom(program, 'solution').action(async (query: string, _options: unknown, command: Command) => {
      const course = await loadCourse();
      const lab = pickLab(course, query);
      const progress = await readProgress(course.root);
      // As rustlings does: the solution is a reward for a passing lab, not a shortcut around it.
      if (!progress.labs[lab.id]?.passed) {
        throw new CliError(
          `the solution of lab ${lab.id} unlocks once all its checks pass — run \`cloudlab grade ${lab.id}\``,
          ExitCode.checksFailed,
        );
      }
      const dir = join(lab.dir, 'solution');
      if (!existsSync(dir)) throw new CliError(`lab ${lab.id} ships no solution/ folder`);
      const entries = await readdir(dir, { recursive: true, withFileTypes: true });
      const files = await Promise.all(
        entries
          .filter((entry) => entry.isFile())
          .map(async (entry) => {
            const path = join(entry.parentPath, entry.name);
            return { path: relative(course.root, path), content: await readFile(path, 'utf8') };
          }),
      );
      files.sort((a, b) => a.path.localeCompare(b.path));
      printResult(command, { lab: lab.id, files }, (report) =>
        report.files.map((file) => `── ${file.path} ──\n${file.content}`).join('\n'),
      );
    });
  },
};
