/**
 * A tiny course for batch tests (one lab, one visible and one hidden check) so each grading takes seconds.
 * It lives under test/.out so its imports resolve through this package's node_modules.
 */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const ADD = 'export function add(a: number, b: number): number {\n  return a + b;\n}\n';

export async function writeFiles(entries: Record<string, string>, base: string): Promise<void> {
  await Promise.all(
    Object.entries(entries).map(async ([file, text]) => {
      await mkdir(join(base, file, '..'), { recursive: true });
      await writeFile(join(base, file), text);
    }),
  );
}

/** Writes the course and `class` (learner → math.ts of lab 01-mini) into a fresh folder; returns its path. */
export async function makeMiniCourse(classFiles: Record<string, string>): Promise<string> {
  await mkdir(join(import.meta.dirname, '.out'), { recursive: true });
  const root = await mkdtemp(join(import.meta.dirname, '.out', 'mini-'));
  const check = (title: string, points: number, body: string) =>
    `import { check } from '@cloudlab/grader';\nimport { expect } from 'vitest';\nimport { add } from '@lab/math.ts';\ncheck(${JSON.stringify(title)}, { points: ${points}, hint: 'use +', exercise: 1 }, () => { ${body} });\n`;
  await writeFiles(
    {
      'package.json': '{"name":"mini-course","private":true,"type":"module"}',
      'labs/01-mini/lab.ts':
        "import { defineLab } from '@cloudlab/grader';\nexport default defineLab({ id: '01', slug: 'mini', title: 'Mini', objectives: ['add numbers'], exercises: [{ n: 1, title: 'Add', file: 'math.ts' }] });\n",
      'labs/01-mini/vitest.config.ts':
        "import { defineLabConfig } from '@cloudlab/grader/vitest';\nexport default defineLabConfig(import.meta.dirname);\n",
      'labs/01-mini/solution/math.ts': ADD,
      'labs/01-mini/starter/math.ts':
        "export function add(a: number, b: number): number {\n  throw new Error('TODO(1)');\n}\n",
      'labs/01-mini/tests/math.test.ts': check('add adds two numbers', 2, 'expect(add(1, 2)).toBe(3);'),
      'labs/01-mini/hidden/edge.test.ts': check(
        'add handles negative numbers',
        3,
        'expect(add(-1, -2)).toBe(-3);',
      ),
      ...Object.fromEntries(
        Object.entries(classFiles).map(([learner, code]) => [`class/${learner}/01-mini/math.ts`, code]),
      ),
    },
    root,
  );
  return root;
}
