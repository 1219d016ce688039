import { randomBytes, randomInt } from 'node:crypto';

// Words of the kind the course's check titles use: a canary's title should not give it away by its shape.
const SUBJECTS = [
  'the handler',
  'the client',
  'the helper',
  'the waiter',
  'the parser',
  'the retry',
  'the page',
];
const VERBS = ['returns', 'keeps', 'sends', 'reads', 'lists', 'rejects', 'names', 'tags'];
const OBJECTS = ['the item', 'every key', 'the next token', 'the object', 'the parameter', 'the version'];

/**
 * `count` titles for canary checks (see runtime/canary-setup.ts), distinct, random per run: words like a
 * check's, then a quoted resource-like name that no course check has.
 */
export function canaryTitles(count: number): string[] {
  const pick = (words: readonly string[]) => words[randomInt(words.length)];
  return Array.from(
    { length: count },
    () => `${pick(SUBJECTS)} ${pick(VERBS)} ${pick(OBJECTS)} '${randomBytes(4).toString('hex')}'`,
  );
}

/** The canary a check's full name ("describe > title", or the title alone) belongs to, if any. */
export function canaryNamed(fullName: string, canaries: readonly string[] = []): string | undefined {
  return canaries.find((title) => fullName === title || fullName.endsWith(` > ${title}`));
}
