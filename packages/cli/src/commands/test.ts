import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import type { Flags } from '../cli-table.ts';
import type { CommandModule } from '../command.ts';
import { CliError } from '../errors.ts';
import { ExitCode } from '../exit-codes.ts';
import { commandFrom } from '../register-command.ts';
import { loadCourse, pickLab } from '../student/course.ts';
import { exportTargetEnv } from '../student/target-env.ts';

/**
 * `cloudlab test 05`: runs the learner's own unit tests, the `*.test.ts` files they wrote beside their code in
 * starter/ (or --dir), with Vitest's usual output. It grades nothing: `cloudlab grade` runs the course's checks.
 */
export const testCommand: CommandModule = {
  register(program) {
    commandFrom(program, 'test').action(async (query: string, flags: Flags<'test'>, command: Command) => {
      const course = await loadCourse();
      const lab = pickLab(course, query);
      const codeDir = flags.dir ? resolve(flags.dir) : join(lab.dir, 'starter');
      const shown = relative(process.cwd(), codeDir) || '.';
      if (!existsSync(codeDir)) {
        throw new CliError(
          flags.dir
            ? `--dir ${flags.dir} does not exist`
            : `${shown} does not exist — run \`cloudlab reset ${lab.id}\``,
        );
      }
      const { learnerTestFiles, runLearnerTests } = await import('@cloudlab/grader/node');
      if ((await learnerTestFiles(codeDir)).length === 0) {
        throw new CliError(
          `no tests of yours in ${shown}: write one beside the code it tests, e.g. ${join(shown, 'src', 'app.test.ts')} for src/app.ts, then run \`cloudlab test ${lab.id}\` again`,
        );
      }
      exportTargetEnv(command);
      process.exitCode = (await runLearnerTests(codeDir, lab.dir)) ? ExitCode.ok : ExitCode.checksFailed;
    });
  },
};
