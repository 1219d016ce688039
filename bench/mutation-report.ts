/**
 * A lab's mutation score and its report of the mutants the suite misses. The score is Stryker's own: detected
 * (killed, or timed out) over detected plus undetected (survived, or not covered by any test); compile and
 * runtime errors are not valid mutants, and listed equivalents leave the count.
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { type Mutant, originalText } from './mutation-equivalents.ts';

export interface MutationCounts {
  killed: number;
  timeout: number;
  survived: number;
  noCoverage: number;
  equivalent: number;
  invalid: number;
  /** Detected over valid non-equivalent mutants, as a percentage; NaN when there are none. */
  score: number;
}

const DETECTED = new Set(['Killed', 'Timeout']);
const UNDETECTED = new Set(['Survived', 'NoCoverage']);

export function countMutants(mutants: readonly Mutant[], equivalent: ReadonlySet<string>): MutationCounts {
  const counted = mutants.filter((mutant) => !equivalent.has(mutant.id));
  const count = (status: string) => counted.filter((mutant) => mutant.status === status).length;
  const detected = counted.filter((mutant) => DETECTED.has(mutant.status)).length;
  const undetected = counted.filter((mutant) => UNDETECTED.has(mutant.status)).length;
  return {
    killed: count('Killed'),
    timeout: count('Timeout'),
    survived: count('Survived'),
    noCoverage: count('NoCoverage'),
    equivalent: mutants.length - counted.length,
    invalid: counted.length - detected - undetected,
    score: (100 * detected) / (detected + undetected),
  };
}

export function formatCounts(c: MutationCounts): string {
  const detected = c.killed + c.timeout;
  const score = Number.isNaN(c.score) ? 'n/a' : `${c.score.toFixed(1)} %`;
  return `${score} killed (${detected}/${detected + c.survived + c.noCoverage}): ${c.killed} killed, ${c.timeout} timeout, ${c.survived} survived, ${c.noCoverage} no coverage; ${c.equivalent} equivalent, ${c.invalid} invalid`;
}

/**
 * The undetected mutants, one block each, with a ready-to-review equivalents entry: kill it with a sharper
 * check, or list it with the reason it cannot change behaviour.
 */
export function survivorsReport(
  labName: string,
  solutionDir: string,
  mutants: readonly Mutant[],
  equivalent: ReadonlySet<string>,
  counts: MutationCounts,
): string {
  const undetected = mutants
    .filter((mutant) => UNDETECTED.has(mutant.status) && !equivalent.has(mutant.id))
    .sort(
      (a, b) =>
        a.fileName.localeCompare(b.fileName) ||
        a.location.start.line - b.location.start.line ||
        a.location.start.column - b.location.start.column,
    );
  const lines = [`# Mutants lab ${labName}'s suite misses`, '', formatCounts(counts), ''];
  for (const mutant of undetected) {
    const file = relative(solutionDir, mutant.fileName);
    const original = originalText(mutant, readFileSync(mutant.fileName, 'utf8'));
    lines.push(
      `## ${file}:${mutant.location.start.line}:${mutant.location.start.column} ${mutant.mutatorName} (${mutant.status})`,
      '',
      '```yaml',
      `- file: ${file}`,
      `  line: ${mutant.location.start.line}`,
      `  column: ${mutant.location.start.column}`,
      `  mutator: ${mutant.mutatorName}`,
      `  original: ${JSON.stringify(original)}`,
      `  replacement: ${JSON.stringify(mutant.replacement)}`,
      '  reason: >-',
      '    …',
      '```',
      '',
    );
  }
  return lines.join('\n');
}
