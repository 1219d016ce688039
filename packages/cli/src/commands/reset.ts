import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import type { Flags } from '../cli-table.ts';
import type { CommandModule } from '../command.ts';
import { CliError } from '../errors.ts';
import { printResult } from '../output.ts';
import { commandFrom } from '../register-command.ts';
import { loadCourse, pickLab } from '../student/course.ts';
import { backupStarter, restoreStarter } from '../student/restore-starter.ts';

async function confirm(question: string): Promise<boolean> {
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await prompt.question(`${question} [y/N] `)).trim());
  } finally {
    prompt.close();
  }
}

export const resetCommand: CommandModule = {
  register(program) {
    commandFrom(program, 'reset').action(async (query: string, options: Flags<'reset'>, command: Command) => {
      const course = await loadCourse();
      const lab = pickLab(course, query);
      const question = `Replace labs/${lab.folder}/starter with a fresh starter? Your current files are backed up first.`;
      if (!options.yes) {
        if (!process.stdin.isTTY)
          throw new CliError(`${question.replace('?', '')} — run again with --yes to confirm`);
        if (!(await confirm(question))) throw new CliError('reset cancelled; nothing changed');
      }
      const backup = await backupStarter(course.root, lab);
      const how = restoreStarter(course.root, lab);
      const report = {
        lab: lab.id,
        starter: `labs/${lab.folder}/starter`,
        restored: how,
        ...(backup ? { backup } : {}),
      };
      printResult(command, report, (shown) =>
        [
          `${shown.starter}: ${shown.restored}`,
          shown.backup ? `your previous work is in ${shown.backup}` : '',
        ]
          .filter(Boolean)
          .join('\n'),
      );
    });
  },
};
