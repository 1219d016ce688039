import type { Command } from 'commander';
import type { CommandModule } from '../command.ts';
import { CliError } from '../errors.ts';
import { printResult } from '../output.ts';
import { commandFrom } from '../register-command.ts';
import { findCourseRoot } from '../student/course.ts';

export const releaseCommand: CommandModule = {
  register(program) {
    commandFrom(program, 'release').action(async (flags: { out: string }, command: Command) => {
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
