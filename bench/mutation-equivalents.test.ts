import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import {
  type EquivalentEntry,
  EquivalentsFileError,
  type Mutant,
  matchEquivalents,
  originalText,
  readEquivalents,
} from './mutation-equivalents.ts';

const LAB = '/labs/01-demo';
const FILE = `${LAB}/solution/scan.ts`;
// Line 2 holds two mutants Stryker reports alike (UnaryOperator `-1` → `+1`), told apart only by their column.
const SOURCE = [
  'export function skip(text: string, a: RegExp, b: RegExp): boolean {',
  '  return text.search(a) === -1 && text.search(b) === -1;',
  '}',
].join('\n');
const FIRST = SOURCE.split('\n')[1]?.indexOf('-1') ?? -1;
const SECOND = SOURCE.split('\n')[1]?.lastIndexOf('-1') ?? -1;

function mutant(id: string, column0: number, status: string, line = 2): Mutant {
  return {
    id,
    fileName: FILE,
    mutatorName: 'UnaryOperator',
    replacement: '+1',
    status,
    // Stryker's results count lines and columns from 1.
    location: { start: { line, column: column0 + 1 }, end: { line, column: column0 + 3 } },
  };
}

const entry = (place: Partial<EquivalentEntry> = {}): EquivalentEntry => ({
  file: 'scan.ts',
  mutator: 'UnaryOperator',
  original: '-1',
  replacement: '+1',
  reason: 'the shortcut only spares work',
  ...place,
});

const match = (entries: EquivalentEntry[], mutants: Mutant[], source = SOURCE) =>
  matchEquivalents(LAB, entries, mutants, (file) => {
    expect(file).toBe(FILE);
    return source;
  });

describe('matchEquivalents', () => {
  test('two alike mutants on one line: line and column pick one, the other still counts', () => {
    const mutants = [mutant('1', FIRST, 'Survived'), mutant('2', SECOND, 'Survived')];
    const { equivalent, problems } = match([entry({ line: 2, column: SECOND + 1 })], mutants);
    expect(problems).toEqual([]);
    expect([...equivalent]).toEqual(['2']);
  });

  test('the column keeps an equivalent entry off the killed mutant beside it', () => {
    const mutants = [mutant('1', FIRST, 'Killed'), mutant('2', SECOND, 'Survived')];
    expect(match([entry({ line: 2, column: SECOND + 1 })], mutants)).toEqual({
      equivalent: new Set(['2']),
      problems: [],
    });
    const onKilled = match([entry({ line: 2, column: FIRST + 1 })], mutants);
    expect(onKilled.equivalent.size).toBe(0);
    expect(onKilled.problems).toEqual([
      expect.stringMatching(/the suite detects it \(Killed\): remove the entry$/),
    ]);
  });

  test('a line alone over two alike mutants is an error that names both places', () => {
    const mutants = [mutant('1', FIRST, 'Survived'), mutant('2', SECOND, 'Survived')];
    const { equivalent, problems } = match([entry({ line: 2 })], mutants);
    expect(equivalent.size).toBe(0);
    expect(problems).toEqual([
      `mutation-equivalents.yaml: scan.ts:2 UnaryOperator \`-1\` → \`+1\` matches 2 mutants (at 2:${FIRST + 1}, 2:${SECOND + 1}): add \`line\` and \`column\``,
    ]);
  });

  test('an entry without a place matches the one mutant of its kind', () => {
    const { equivalent, problems } = match([entry()], [mutant('7', FIRST, 'NoCoverage')]);
    expect(problems).toEqual([]);
    expect([...equivalent]).toEqual(['7']);
  });

  test('an entry whose code moved says where the same mutation is now', () => {
    const { equivalent, problems } = match(
      [entry({ line: 2, column: FIRST + 1 })],
      [mutant('1', FIRST, 'Survived', 3)],
      `// a comment added above\n${SOURCE}`,
    );
    expect(equivalent.size).toBe(0);
    expect(problems).toEqual([
      expect.stringContaining(`matches no mutant there; the same mutation is at 3:${FIRST + 1}`),
    ]);
  });

  test('an entry whose text, mutator or file no longer occurs matches nothing', () => {
    const mutants = [mutant('1', FIRST, 'Survived')];
    for (const stale of [
      entry({ original: '- 1' }),
      entry({ mutator: 'ArithmeticOperator' }),
      entry({ file: 'other.ts' }),
    ]) {
      const { equivalent, problems } = match([stale], mutants);
      expect(equivalent.size).toBe(0);
      expect(problems).toEqual([
        expect.stringMatching(/matches no mutant \(the solution changed: review or remove it\)$/),
      ]);
    }
  });
});

describe('originalText', () => {
  test('reads the replaced text of a one-line and of a multi-line mutant', () => {
    expect(originalText(mutant('1', SECOND, 'Survived'), SOURCE)).toBe('-1');
    const block: Mutant = {
      ...mutant('2', 0, 'Survived'),
      location: { start: { line: 1, column: 67 }, end: { line: 3, column: 2 } },
    };
    expect(originalText(block, SOURCE)).toBe(`{\n${SOURCE.split('\n')[1]}\n}`);
  });
});

describe('readEquivalents', () => {
  let dir = '';
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const read = (yaml: string) => {
    dir = mkdtempSync(join(tmpdir(), 'cloudlab-equivalents-'));
    writeFileSync(join(dir, 'mutation-equivalents.yaml'), yaml);
    return () => readEquivalents(dir);
  };
  const base =
    'file: scan.ts\n  mutator: UnaryOperator\n  original: "-1"\n  replacement: "+1"\n  reason: spares work';

  test('reads line and column', () => {
    expect(read(`- ${base}\n  line: 2\n  column: 27\n`)()).toEqual([
      entry({ line: 2, column: 27, reason: 'spares work' }),
    ]);
  });

  test('refuses a column without its line, and places that are not counts from 1', () => {
    expect(read(`- ${base}\n  column: 27\n`)).toThrow(/entry 1 gives a column without its line/);
    expect(read(`- ${base}\n  line: 0\n`)).toThrow(/entry 1: line must be a whole number from 1/);
    expect(read(`- ${base}\n  line: 2\n  column: "27"\n`)).toThrow(
      /entry 1: column must be a whole number from 1/,
    );
    expect(read(`- file: scan.ts\n  mutator: UnaryOperator\n`)).toThrow(EquivalentsFileError);
  });

  test('a lab without the file has no equivalents', () => {
    dir = mkdtempSync(join(tmpdir(), 'cloudlab-equivalents-'));
    expect(readEquivalents(dir)).toEqual([]);
  });
});
