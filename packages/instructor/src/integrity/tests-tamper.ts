import { existsSync } from 'node:fs';
import { hashTestFiles } from '@cloudlab/grader/course';

export interface TestsComparison {
  changed: string[];
  added: string[];
  missing: string[];
}

const underTests = (hashes: ReadonlyMap<string, string>) =>
  new Map([...hashes].filter(([file]) => file.startsWith('tests/')));

/**
 * Compares the learner's copy of a lab's tests/ with the instructor's, as hashed once at batch start
 * (`courseHashes`, the grader's manifest code): editing the course's tests during a run changes nothing here. The batch always runs the instructor's tests, so an edited copy cannot change a grade — but it
 * says the learner tried, which the instructor wants to know. `hidden/` is not compared: learners never
 * had it. Undefined when the submission holds no tests/ folder (only code was handed in).
 */
export async function compareTests(
  courseHashes: ReadonlyMap<string, string>,
  submittedLabDir: string,
): Promise<TestsComparison | undefined> {
  if (!existsSync(`${submittedLabDir}/tests`)) return undefined;
  const expected = underTests(courseHashes);
  const actual = underTests(await hashTestFiles(submittedLabDir));
  return {
    changed: [...actual]
      .filter(([file, hash]) => expected.has(file) && expected.get(file) !== hash)
      .map(([f]) => f),
    added: [...actual.keys()].filter((file) => !expected.has(file)),
    missing: [...expected.keys()].filter((file) => !actual.has(file)),
  };
}

export function isTampered(comparison: TestsComparison | undefined): boolean {
  return Boolean(
    comparison && comparison.changed.length + comparison.added.length + comparison.missing.length > 0,
  );
}

export function describeTampering(folder: string, comparison: TestsComparison): string {
  const parts = [
    ...comparison.changed.map((file) => `changed ${file}`),
    ...comparison.added.map((file) => `added ${file}`),
    ...comparison.missing.map((file) => `deleted ${file}`),
  ];
  return `${folder}: the submitted tests differ from the course's (${parts.join(', ')}) — graded with the course's tests`;
}
