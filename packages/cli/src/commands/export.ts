import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import type { Flags } from '../cli-table.ts';
import type { CommandModule } from '../command.ts';
import { CliError } from '../errors.ts';
import { printResult } from '../output.ts';
import { commandFrom } from '../register-command.ts';
import { loadCourse, pickLabs } from '../student/course.ts';

const labQueries = (flags: { labs?: string }) =>
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
    const exporter = commandFrom(program, 'export');
    commandFrom(exporter, 'export gradescope').action(
      async (flags: Flags<'export gradescope'>, command: Command) => {
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
      },
    );
    commandFrom(exporter, 'export classroom')
      .allowUnknownOption()
      .allowExcessArguments()
      .action(() => {
        throw new CliError(
          'GitHub Classroom was decommissioned on 2026-08-28 — use `cloudlab export classroom50 --out DIR` for Classroom 50, its successor',
        );
      });
    commandFrom(exporter, 'export classroom50').action(
      async (flags: Flags<'export classroom50'>, command: Command) => {
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
      },
    );
    commandFrom(exporter, 'export prairielearn').action(
      async (flags: Flags<'export prairielearn'>, command: Command) => {
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
      },
    );
  },
};

/** `autograder.zip` for labs 01 and 02 → `autograder-01.zip`, `autograder-02.zip`; one lab keeps the name. */
function perLabZip(out: string, labId: string, labCount: number): string {
  return labCount === 1 ? out : out.replace(/\.zip$/, `-${labId}.zip`);
}
