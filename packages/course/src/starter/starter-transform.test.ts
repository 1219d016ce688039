import { describe, expect, test } from 'vitest';
import { StarterMarkerError, toStarter } from './starter-transform.ts';

const exercises = { 1: 'Resolve credentials', 2: "Find the region's source" };

const solution = [
  "import { x } from './x.ts';",
  '',
  'export function one(): number {',
  '  // BEGIN SOLUTION 1',
  '  const a = x();',
  '  return a + 1;',
  '  // END SOLUTION',
  '}',
  '',
  'export async function two(): Promise<string> {',
  '    // BEGIN SOLUTION 2',
  "    return 'eu-west-1';",
  '    // END SOLUTION',
  '}',
].join('\n');

describe('toStarter', () => {
  test('replaces each marked region with a TODO stub at the marker indentation and keeps other lines', () => {
    const { text, regions } = toStarter(solution, { file: 'solution/a.ts', exercises });
    expect(text).toBe(
      [
        "import { x } from './x.ts';",
        '',
        'export function one(): number {',
        "  throw new Error('TODO(1): Resolve credentials — see README.md, exercise 1');",
        '}',
        '',
        'export async function two(): Promise<string> {',
        "    throw new Error('TODO(2): Find the region\\'s source — see README.md, exercise 2');",
        '}',
      ].join('\n'),
    );
    expect(regions).toEqual([
      { n: 1, line: 4 },
      { n: 2, line: 11 },
    ]);
  });

  test('with `only`, stubs that exercise and keeps the solution (without markers) elsewhere', () => {
    const { text } = toStarter(solution, { file: 'solution/a.ts', exercises, only: 2 });
    expect(text).toContain('  return a + 1;');
    expect(text).toContain('TODO(2)');
    expect(text).not.toContain('TODO(1)');
    expect(text).not.toMatch(/SOLUTION/);
  });

  test('uses # comments in YAML and leaves a comment instead of a throw', () => {
    const yaml = ['Resources:', '  # BEGIN SOLUTION 1', '  Fn:', '    Type: X', '  # END SOLUTION', ''].join(
      '\n',
    );
    const { text } = toStarter(yaml, { file: 'solution/template.yaml', exercises });
    expect(text).toBe(
      ['Resources:', '  # TODO(1): Resolve credentials — see README.md, exercise 1', ''].join('\n'),
    );
  });

  test('copies files of other types verbatim, even with marker-like text', () => {
    const md = '// BEGIN SOLUTION 1\nsecret\n// END SOLUTION\n';
    expect(toStarter(md, { file: 'solution/notes.md', exercises }).text).toBe(md);
  });

  test('a file without markers is unchanged', () => {
    const plain = 'export const a = 1;\n';
    expect(toStarter(plain, { file: 'solution/a.ts', exercises })).toEqual({ text: plain, regions: [] });
  });

  test.each([
    ['an unclosed region', '// BEGIN SOLUTION 1\nx', /solution\/a\.ts:1: .*never closed/],
    [
      'a nested region',
      '// BEGIN SOLUTION 1\n// BEGIN SOLUTION 2\n// END SOLUTION',
      /a\.ts:2: .*inside the region opened on line 1/,
    ],
    ['an END without BEGIN', 'x\n// END SOLUTION', /a\.ts:2: END SOLUTION without/],
    ['a BEGIN without a number', '// BEGIN SOLUTION\n// END SOLUTION', /a\.ts:1: .*needs an exercise number/],
    [
      'an exercise lab.ts does not declare',
      '// BEGIN SOLUTION 7\n// END SOLUTION',
      /a\.ts:1: exercise 7 is not declared in lab\.ts \(declared: 1, 2\)/,
    ],
  ])('rejects %s with file:line', (_name, source, message) => {
    expect(() => toStarter(source, { file: 'solution/a.ts', exercises })).toThrow(StarterMarkerError);
    expect(() => toStarter(source, { file: 'solution/a.ts', exercises })).toThrow(message);
  });
});
