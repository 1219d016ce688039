import type { Command } from 'commander';
import type { CommandModule } from '../command.ts';
import { dim, printResult } from '../output.ts';
import { commandFrom } from '../register-command.ts';
import { loadCourse } from '../student/course.ts';

export interface LabListing {
  id: string;
  slug: string;
  title: string;
  folder: string;
  objectives: string[];
  exercises: { n: number; title: string; file: string }[];
}

export const listCommand: CommandModule = {
  register(program) {
    commandFrom(program, 'list').action(async (_options: unknown, command: Command) => {
      const course = await loadCourse();
      const labs: LabListing[] = course.labs.map((lab) => ({
        id: lab.id,
        slug: lab.slug,
        title: lab.title,
        folder: `labs/${lab.folder}`,
        objectives: [...lab.definition.objectives],
        exercises: lab.definition.exercises.map(({ n, title, file }) => ({ n, title, file })),
      }));
      printResult(command, { labs }, ({ labs: shown }) =>
        shown.length === 0
          ? `no labs found under ${course.root}/labs`
          : shown
              .map(
                (lab) =>
                  `${lab.id}  ${lab.title}  ${dim(`${lab.slug} · ${lab.exercises.length} exercise${lab.exercises.length === 1 ? '' : 's'}`)}`,
              )
              .join('\n'),
      );
    });
  },
};
