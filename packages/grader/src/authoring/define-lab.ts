import type { LabDefinition } from './lab-definition.ts';

/** A lab.ts that cannot be used; `problems` lists every fault at once so an author fixes them in one pass. */
export class LabDefinitionError extends Error {
  readonly code = 'InvalidLabDefinition';
  constructor(
    readonly problems: string[],
    labId: string,
  ) {
    super(`lab ${labId || '?'}: ${problems.join('; ')} — fix lab.ts`);
    this.name = 'LabDefinitionError';
  }
}

const nonEmpty = (value: unknown): value is string => typeof value === 'string' && value.trim().length > 0;

export function validateLabDefinition(lab: LabDefinition): string[] {
  const problems: string[] = [];
  if (typeof lab.id !== 'string' || !/^\d{2}$/.test(lab.id))
    problems.push(`id must be two digits, got ${JSON.stringify(lab.id)}`);
  if (typeof lab.slug !== 'string' || !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(lab.slug)) {
    problems.push(`slug must be kebab-case, got ${JSON.stringify(lab.slug)}`);
  }
  if (!nonEmpty(lab.title)) problems.push('title must not be empty');
  if (!Array.isArray(lab.objectives) || lab.objectives.length === 0 || !lab.objectives.every(nonEmpty)) {
    problems.push('objectives must be a non-empty list of non-empty strings');
  }
  if (!Array.isArray(lab.exercises) || lab.exercises.length === 0) {
    problems.push('exercises must list at least one exercise');
  } else {
    const seen = new Set<number>();
    for (const exercise of lab.exercises) {
      if (!Number.isInteger(exercise.n) || exercise.n < 1)
        problems.push(`exercise number ${exercise.n} must be a positive integer`);
      else if (seen.has(exercise.n)) problems.push(`exercise number ${exercise.n} is used twice`);
      seen.add(exercise.n);
      if (!nonEmpty(exercise.title)) problems.push(`exercise ${exercise.n} needs a title`);
      if (!nonEmpty(exercise.file)) problems.push(`exercise ${exercise.n} needs a file`);
    }
  }
  if (lab.aws && (!Array.isArray(lab.aws.services) || !Array.isArray(lab.aws.permissions))) {
    problems.push('aws needs services and permissions lists');
  }
  return problems;
}

/** Typed, validated lab metadata; throws `LabDefinitionError` when the author made a mistake. */
export function defineLab<const T extends LabDefinition>(lab: T): Readonly<T> {
  const problems = validateLabDefinition(lab);
  if (problems.length > 0) throw new LabDefinitionError(problems, lab.id);
  return Object.freeze(lab);
}
