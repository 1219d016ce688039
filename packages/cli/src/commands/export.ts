import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import type { CommandModule } from '../command.ts';
import { CliError } from '../errors.ts';
import { printResult, withJsonOption } from '../output.ts';
import { loadCourse, pickLabs } from '../student/course.ts';

interface ExportFlags {
  out: string;
  labs?: string;
  assignment?: string;
  image?: string;
}

const labQueries = (flags: ExportFlags) =>
  flags.labs
    ? flags.labs
        .split(',')
        .map((lab) => lab.trim())
        .filter(Boolean)
    : [];

/** Runs an export; its own errors (a target that exists, tests that do not collect …) exit 2 with one line. */
async function exporting<T>(
  work: (instructor: typeof import('@cloudlab/instructor')) => Promise<T>,
): Promise<T> {
  const instructor = await import('@cloudlab/instructor');
  try {
    return await work(instructor);
  } catch (error) {
    if (error instanceof instructor.ExportError) throw new CliError(error.message);
    throw error;
  }
}

export const exportCommand: CommandModule = {
  register(program) {
    const exporter = program
      .command('export')
      .description('package the course for a course host (gradescope, classroom50, prairielearn)');
    withJsonOption(
      exporter
        .command('gradescope')
        .description(
          'the Gradescope autograder zip: setup.sh, run_autograder and the course without solutions',
        )
        .requiredOption('--out <file.zip>', 'where to write the zip')
        .option(
          '--labs <ids>',
          'one assignment per lab: a zip for each of these labs, e.g. 01 or 01,02 (default: one zip for all)',
        ),
    ).action(async (flags: ExportFlags, command: Command) => {
      if (!flags.out.endsWith('.zip')) throw new CliError(`--out ${flags.out} must name a .zip file`);
      const course = await loadCourse();
      const queries = labQueries(flags);
      const labs = pickLabs(course, queries);
      // Without --labs one assignment grades every lab; with it, each lab is an assignment of its own.
      const assignments = queries.length === 0 ? [labs] : labs.map((lab) => [lab]);
      const zips = assignments.map((group) =>
        queries.length === 0 ? flags.out : perLabZip(flags.out, group[0]!.id, labs.length),
      );
      const taken = zips.find((zip) => existsSync(zip));
      if (taken) throw new CliError(`${taken} exists — remove it or choose another --out`);
      const made = await exporting(async ({ courseRubric, exportGradescope }) => {
        await courseRubric(labs);
        const written = [];
        for (const [index, group] of assignments.entries()) {
          written.push(await exportGradescope(course.root, zips[index]!, group));
        }
        return written;
      });
      printResult(command, made, (list) =>
        list
          .map(
            (m) =>
              `Gradescope autograder written to ${m.zip} (${m.files} files, lab${m.labs.length > 1 ? 's' : ''} ${m.labs.join(', ')}) — upload it as the assignment's autograder`,
          )
          .join('\n'),
      );
    });
    exporter
      .command('classroom')
      .description('GitHub Classroom closed on 2026-08-28: use `export classroom50`')
      .allowUnknownOption()
      .allowExcessArguments()
      .action(() => {
        throw new CliError(
          'GitHub Classroom was decommissioned on 2026-08-28 — use `cloudlab export classroom50 --out DIR` for Classroom 50, its successor',
        );
      });
    withJsonOption(
      exporter
        .command('classroom50')
        .description(
          "a Classroom 50 autograder (autograders/ASSIGNMENT/ and runtime.json for the teacher's classroom50 repository), graded per check",
        )
        .requiredOption('--out <dir>', 'a new folder to write the files into')
        .option('--assignment <slug>', "the assignment's slug in Classroom 50", 'cloudlab')
        .option('--labs <ids>', 'comma-separated labs to grade, e.g. 01,02 (default: all)'),
    ).action(async (flags: ExportFlags, command: Command) => {
      const course = await loadCourse();
      const labs = pickLabs(course, labQueries(flags));
      if (existsSync(flags.out))
        throw new CliError(`${flags.out} exists — remove it or choose another --out`);
      const made = await exporting(async ({ courseRubric, exportClassroom50 }) =>
        exportClassroom50(course.root, flags.out, await courseRubric(labs), flags.assignment ?? 'cloudlab'),
      );
      printResult(
        command,
        made,
        (m) =>
          `Classroom 50 autograder written to ${m.dir} (${m.labs.map((lab) => `lab ${lab.id}: ${lab.maxScore} points`).join(', ')}) — copy autograders/${m.assignment}/ into CLASSROOM/autograders/ of your classroom50 repository and add the assignment with \`--runtime runtime.json\` (packages/instructor/README.md)`,
      );
    });
    withJsonOption(
      exporter
        .command('prairielearn')
        .description('PrairieLearn questions (one per lab, graded externally) and the grading image to build')
        .requiredOption('--out <dir>', 'a new folder to write the files into')
        .option('--image <name>', 'the Docker Hub name you push the grading image as', 'cloudlab-grader')
        .option('--labs <ids>', 'comma-separated labs, one question each, e.g. 01,02 (default: all)'),
    ).action(async (flags: ExportFlags, command: Command) => {
      const course = await loadCourse();
      const labs = pickLabs(course, labQueries(flags));
      if (existsSync(flags.out))
        throw new CliError(`${flags.out} exists — remove it or choose another --out`);
      const made = await exporting(async ({ courseRubric, exportPrairieLearn }) =>
        exportPrairieLearn(
          course.root,
          flags.out,
          await courseRubric(labs),
          flags.image ?? 'cloudlab-grader',
        ),
      );
      printResult(
        command,
        made,
        (m) =>
          `PrairieLearn export written to ${m.dir} (${m.questions.length} questions) — build and push grader-image/ as ${m.image}, then copy questions/ into your course (packages/instructor/README.md)`,
      );
    });
  },
};

/** `autograder.zip` for labs 01 and 02 → `autograder-01.zip`, `autograder-02.zip`; one lab keeps the name. */
function perLabZip(out: string, labId: string, labCount: number): string {
  return labCount === 1 ? out : out.replace(/\.zip$/, `-${labId}.zip`);
}
