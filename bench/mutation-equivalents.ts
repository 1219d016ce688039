/**
 * A lab's reviewed equivalent mutants (labs/NN-slug/mutation-equivalents.yaml): mutants that cannot change
 * anything a learner, the chapter or AWS can observe, each with its reason. They leave the score; an entry that
 * matches no mutant, or matches one the suite kills, is an error, so the list cannot rot.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'yaml';

export const EQUIVALENTS_FILE = 'mutation-equivalents.yaml';

/** One listed mutant: where it is, what Stryker replaces, and why that cannot change behaviour. */
export interface EquivalentEntry {
  /** Relative to the lab's solution/ folder. */
  file: string;
  mutator: string;
  /** The source text Stryker replaces, exactly. */
  original: string;
  replacement: string;
  /**
   * Where the mutant starts (1-based, as Stryker reports it): needed only when file, mutator, original and
   * replacement repeat, `column` when they repeat on one line (`a - 1 + b - 1`: two `-` → `+` mutants).
   */
  line?: number;
  column?: number;
  reason: string;
}

/** The fields of Stryker's MutantResult this bench reads. */
export interface Mutant {
  id: string;
  fileName: string;
  mutatorName: string;
  replacement: string;
  status: string;
  location: { start: { line: number; column: number }; end: { line: number; column: number } };
  killedBy?: string[];
}

export class EquivalentsFileError extends Error {}

export function readEquivalents(labDir: string): EquivalentEntry[] {
  const file = join(labDir, EQUIVALENTS_FILE);
  if (!existsSync(file)) return [];
  const data = parse(readFileSync(file, 'utf8')) ?? [];
  if (!Array.isArray(data)) throw new EquivalentsFileError(`${file}: expected a list of entries`);
  return data.map((entry, index) => {
    const missing = ['file', 'mutator', 'original', 'replacement', 'reason'].filter(
      (key) => typeof entry?.[key] !== 'string' || entry[key].length === 0,
    );
    if (missing.length > 0)
      throw new EquivalentsFileError(`${file}: entry ${index + 1} needs ${missing.join(', ')}`);
    const badPlace = ['line', 'column'].filter(
      (key) => entry[key] !== undefined && !(Number.isInteger(entry[key]) && entry[key] > 0),
    );
    if (badPlace.length > 0)
      throw new EquivalentsFileError(
        `${file}: entry ${index + 1}: ${badPlace.join(' and ')} must be a whole number from 1 (Stryker's count)`,
      );
    if (entry.column !== undefined && entry.line === undefined)
      throw new EquivalentsFileError(`${file}: entry ${index + 1} gives a column without its line`);
    return entry as EquivalentEntry;
  });
}

/** The source text a mutant replaces (Stryker's results count lines and columns from 1). */
export function originalText(mutant: Mutant, source: string): string {
  const lines = source.split('\n');
  const { start, end } = mutant.location;
  if (start.line === end.line) return (lines[start.line - 1] ?? '').slice(start.column - 1, end.column - 1);
  return [
    (lines[start.line - 1] ?? '').slice(start.column - 1),
    ...lines.slice(start.line, end.line - 1),
    (lines[end.line - 1] ?? '').slice(0, end.column - 1),
  ].join('\n');
}

export interface EquivalentsMatch {
  /** Mutant ids the list covers. */
  equivalent: Set<string>;
  /** One line per entry that no longer holds: matches nothing, several mutants, or a killed one. */
  problems: string[];
}

/**
 * The mutants each entry names: same file, mutator, replacement and original text, and — when the entry gives
 * them — the same starting line and column. An entry must name exactly one mutant, and one the suite misses.
 */
export function matchEquivalents(
  labDir: string,
  entries: readonly EquivalentEntry[],
  mutants: readonly Mutant[],
  readSource: (fileName: string) => string = (fileName) => readFileSync(fileName, 'utf8'),
): EquivalentsMatch {
  const sources = new Map<string, string>();
  const sourceOf = (file: string) => {
    if (!sources.has(file)) sources.set(file, readSource(file));
    return sources.get(file) as string;
  };
  const equivalent = new Set<string>();
  const problems: string[] = [];
  const at = (mutant: Mutant) => `${mutant.location.start.line}:${mutant.location.start.column}`;
  for (const entry of entries) {
    const place = entry.line ? `:${entry.line}${entry.column ? `:${entry.column}` : ''}` : '';
    const label = `${EQUIVALENTS_FILE}: ${entry.file}${place} ${entry.mutator} \`${entry.original}\` → \`${entry.replacement}\``;
    const same = mutants.filter(
      (mutant) =>
        relative(join(labDir, 'solution'), mutant.fileName) === entry.file &&
        mutant.mutatorName === entry.mutator &&
        mutant.replacement === entry.replacement &&
        originalText(mutant, sourceOf(mutant.fileName)) === entry.original,
    );
    const matches = same.filter(
      (mutant) =>
        (entry.line === undefined || mutant.location.start.line === entry.line) &&
        (entry.column === undefined || mutant.location.start.column === entry.column),
    );
    if (matches.length === 0)
      problems.push(
        same.length > 0
          ? `${label} matches no mutant there; the same mutation is at ${same.map(at).join(', ')} (the code moved: update line and column)`
          : `${label} matches no mutant (the solution changed: review or remove it)`,
      );
    else if (matches.length > 1)
      problems.push(
        `${label} matches ${matches.length} mutants (at ${matches.map(at).join(', ')}): add \`line\` and \`column\``,
      );
    else {
      const [mutant] = matches as [Mutant];
      if (mutant.status === 'Killed' || mutant.status === 'Timeout')
        problems.push(
          `${label} is listed as equivalent, but the suite detects it (${mutant.status}): remove the entry`,
        );
      else equivalent.add(mutant.id);
    }
  }
  return { equivalent, problems };
}
