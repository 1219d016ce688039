import { describe, expect, it } from 'vitest';
import type { Misconception } from './misconception-entry.ts';
import { applyMisconception } from './misconception-variant.ts';

const solution = new Map([
  [
    'math.ts',
    [
      'export function add(a: number, b: number): number {',
      '  // BEGIN SOLUTION 1',
      '  return a + b;',
      '  // END SOLUTION',
      '}',
      'export const twice = (a: number) => add(a, a);',
      'export const again = (a: number) => add(a, a);',
    ].join('\n'),
  ],
]);
const entry = (edits: Misconception['edits']): Misconception => ({
  name: 'x',
  path: 'labs/01-demo/misconceptions/x.yaml',
  violates: 'x',
  edits,
});

describe('applyMisconception', () => {
  it('applies each edit to a copy of the solution, markers kept', () => {
    const result = applyMisconception(
      solution,
      entry([{ file: 'math.ts', find: 'return a + b;', replace: 'return a - b;' }]),
    );
    expect(result).toEqual({
      files: new Map([['math.ts', (solution.get('math.ts') as string).replace('a + b', 'a - b')]]),
    });
    expect(solution.get('math.ts')).toContain('return a + b;');
  });

  it('names a missing file, a find that is absent or not unique, and a marker line in an edit', () => {
    const result = applyMisconception(
      solution,
      entry([
        { file: 'nope.ts', find: 'a', replace: 'b' },
        { file: 'math.ts', find: 'return a * b;', replace: 'return 0;' },
        { file: 'math.ts', find: 'add(a, a)', replace: 'add(a, 0)' },
        { file: 'math.ts', find: '  // END SOLUTION\n}', replace: '}' },
      ]),
    );
    expect(result).toEqual({
      problem:
        'labs/01-demo/misconceptions/x.yaml: edits[0] edits solution/nope.ts, which does not exist; edits[1].find does not occur in solution/math.ts — the solution changed: update the entry; edits[2].find occurs 2 times in solution/math.ts — lengthen it so it names one place; edits[3] contains the marker line "// END SOLUTION" — keep edits inside a solution region',
    });
  });

  it('names edits that leave the solution unchanged (one undoes the other)', () => {
    const result = applyMisconception(
      solution,
      entry([
        { file: 'math.ts', find: 'return a + b;', replace: 'return b + a;' },
        { file: 'math.ts', find: 'return b + a;', replace: 'return a + b;' },
      ]),
    );
    expect(result).toEqual({
      problem:
        'labs/01-demo/misconceptions/x.yaml: edits[1].find does not occur in solution/math.ts — the solution changed: update the entry',
    });
    const undone = applyMisconception(
      solution,
      entry([
        {
          file: 'math.ts',
          find: 'twice = (a: number) => add(a, a)',
          replace: 'twice = (a: number) => add(a, 1)',
        },
        { file: 'math.ts', find: 'add(a, 1)', replace: 'add(a, a)' },
      ]),
    );
    expect(undone).toMatchObject({ problem: expect.stringContaining('edits[1].find does not occur') });
  });
});
