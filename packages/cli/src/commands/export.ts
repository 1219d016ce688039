import type { Command } from 'commander';
import type { CommandModule } from '../command.ts';
import { CliError } from '../errors.ts';
import { printResult, withJsonOption } from '../output.ts';
import { loadCourse, pickLabs } from '../student/course.ts';

interface ExportFlags {
  out: string;
  labs?: string;
}

const labQueries = (flags: ExportFlags) =>
  flags.labs
    ? flags.labs
        .split(',')
        .map((lab) => lab.trim())
        .filter(Boolean)
    : [];

export const exportCommand: CommandModule = {
  register(program) {
    const exporter = program
      .command('export')
      .description('package the course for an external autograder (gradescope, classroom)');
    withJsonOption(
      exporter
        .command('gradescope')
        .description(
          'the Gradescope autograder zip: setup.sh, run_autograder and the course without solutions',
        )
        .requiredOption('--out <file.zip>', 'where to write the zip')
        .option('--labs <ids>', 'comma-separated labs to grade, e.g. 01,02 (default: all)'),
    ).action(async (flags: ExportFlags, command: Command) => {
      if (!flags.out.endsWith('.zip')) throw new CliError(`--out ${flags.out} must name a .zip file`);
      const course = await loadCourse();
      const labs = pickLabs(course, labQueries(flags));
      const { exportGradescope } = await import('@cloudlab/instructor');
      const made = await exportGradescope(
        course.root,
        flags.out,
        labs.map((lab) => lab.id),
      );
      printResult(
        command,
        made,
        (m) =>
          `Gradescope autograder written to ${m.zip} (${m.files} files, labs ${m.labs.join(', ')}) — upload it as the assignment's autograder`,
      );
    });
    withJsonOption(
      exporter
        .command('classroom')
        .description(
          'a GitHub Classroom autograding workflow (.github/workflows/classroom.yml), no AWS secrets',
        )
        .requiredOption('--out <dir>', 'the root of the assignment repository (usually the student copy)')
        .option('--labs <ids>', 'comma-separated labs to grade, e.g. 01,02 (default: all)'),
    ).action(async (flags: ExportFlags, command: Command) => {
      const course = await loadCourse();
      const labs = pickLabs(course, labQueries(flags));
      const { exportClassroom, labMaxScores, ExportError } = await import('@cloudlab/instructor');
      const scores = await labMaxScores(labs);
      try {
        const file = await exportClassroom(
          course.root,
          flags.out,
          labs.map((lab) => ({ id: lab.id, folder: lab.folder, maxScore: scores.get(lab.folder) ?? 0 })),
        );
        printResult(
          command,
          { file, labs: labs.map((lab) => ({ id: lab.id, maxScore: scores.get(lab.folder) ?? 0 })) },
          (r) =>
            `GitHub Classroom workflow written to ${r.file} (${r.labs.length} labs, one graded step each)`,
        );
      } catch (error) {
        if (error instanceof ExportError) throw new CliError(error.message);
        throw error;
      }
    });
  },
};
