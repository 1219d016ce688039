import { Classroom50Reporter } from './classroom50-reporter.ts';
import type { GradeReporter, ReporterOptions } from './grade-reporter.ts';
import { GradescopeReporter } from './gradescope-reporter.ts';
import { JsonReporter } from './json-reporter.ts';
import { JunitReporter } from './junit-reporter.ts';
import { PrairieLearnReporter } from './prairielearn-reporter.ts';
import { TerminalReporter } from './terminal-reporter.ts';

/** Every reporter by the name `--reporter` takes. */
export const reporters = {
  terminal: TerminalReporter,
  json: JsonReporter,
  gradescope: GradescopeReporter,
  junit: JunitReporter,
  classroom50: Classroom50Reporter,
  prairielearn: PrairieLearnReporter,
} satisfies Record<string, new (options?: ReporterOptions) => GradeReporter>;

export type ReporterName = keyof typeof reporters;

export function isReporterName(name: string): name is ReporterName {
  return Object.hasOwn(reporters, name);
}

export function createReporter(name: ReporterName, options: ReporterOptions = {}): GradeReporter {
  return new reporters[name](options);
}
