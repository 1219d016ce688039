import type { Command } from 'commander';
import type { CommandModule } from '../command.ts';
import { CliError } from '../errors.ts';
import { printResult, withJsonOption } from '../output.ts';
import { findCourseRoot } from '../student/course.ts';

export const releaseCommand: CommandModule = {
  register(program) {
    withJsonOption(
      program
        .command('release')
        .description('write the student copy of the course: no solution/ or hidden/, with test manifests')
        .requiredOption('--out <dir>', 'a new (or empty) folder for the student copy'),
    ).action(async (flags: { out: string }, command: Command) => {
      const { releaseCourse, ReleaseError } = await import('@cloudlab/instructor');
      try {
        const summary = await releaseCourse(findCourseRoot(), flags.out);
        printResult(command, summary, (s) =>
          [
            `student copy written to ${s.out}: ${s.files} files`,
            `left out: ${s.stripped.solution} solution, ${s.stripped.hidden} hidden, ${s.stripped.other} other instructor-only files`,
            `test manifests: ${s.manifests.join(', ') || 'none (no lab has tests/)'}`,
          ].join('\n'),
        );
      } catch (error) {
        if (error instanceof ReleaseError) throw new CliError(error.message);
        throw error;
      }
    });
  },
};
