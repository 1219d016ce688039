/**
 * A tiny course for batch tests (one lab, one visible and one hidden check) so each grading takes seconds.
 * It lives in the system's temp folder, never in the repository: a batch graded with the repository as its
 * course (batch-class.test.ts) runs lab 01's check that scans the whole course for keys, and a mini course
 * there (its learners, its output folder with a batch key only root may read) made that check fail now and
 * then when the test files ran side by side. Its imports resolve through a link to this package's node_modules.
 */
import { chmod, mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashTestFiles, type LabInfo, type LabInventory } from '@cloudlab/grader/course';

// The one-line config that lets a lab share a Vitest instance with the others (grader's canShareVitest).
const SHAREABLE_CONFIG =
  "import { defineLabConfig } from '@cloudlab/grader/vitest';\nexport default defineLabConfig(import.meta.dirname, { isolate: false });\n";

export const ADD = 'export function add(a: number, b: number): number {\n  return a + b;\n}\n';

/**
 * A statement that never returns and blocks its thread, as `while (true) {}` does, but asleep: a learner who
 * hangs waits for the grader's timer without burning a core of the test machine all that time.
 */
export const BLOCKS_FOREVER = 'Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);';

/** What runBatch prepares before the first learner: the labs' trusted inventories and their tests' hashes. */
export async function batchInputsOf(labs: readonly LabInfo[]): Promise<{
  inventories: Map<string, LabInventory>;
  courseTests: Map<string, Map<string, string>>;
}> {
  const { trustedInventories } = await import('@cloudlab/grader/node');
  return {
    inventories: new Map((await trustedInventories(labs)).map((inventory) => [inventory.lab, inventory])),
    courseTests: new Map(
      await Promise.all(labs.map(async (lab) => [lab.folder, await hashTestFiles(lab.dir)] as const)),
    ),
  };
}

export async function writeFiles(entries: Record<string, string>, base: string): Promise<void> {
  await Promise.all(
    Object.entries(entries).map(async ([file, text]) => {
      await mkdir(join(base, file, '..'), { recursive: true });
      await writeFile(join(base, file), text);
    }),
  );
}

export const MUL = 'export function mul(a: number, b: number): number {\n  return a * b;\n}\n';

/**
 * Writes the course and `class` (learner → math.ts of lab 01-mini) into a fresh folder; returns its path.
 * `shared`: two labs (01-mini and 02-mul, learner → mul.ts) whose configs let them share one Vitest instance.
 */
export async function makeMiniCourse(
  classFiles: Record<string, string>,
  shared?: { mul: Record<string, string> },
): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'cloudlab-mini-'));
  // The batch's sandbox runs learners as another user (when the tests run as root): it must read the course.
  await chmod(root, 0o755);
  await symlink(join(import.meta.dirname, '..', 'node_modules'), join(root, 'node_modules'), 'dir');
  const check = (title: string, points: number, body: string) =>
    `import { check } from '@cloudlab/grader';\nimport { expect } from 'vitest';\nimport { add } from '@lab/math.ts';\ncheck(${JSON.stringify(title)}, { points: ${points}, hint: 'use +', exercise: 1 }, () => { ${body} });\n`;
  await writeFiles(
    {
      'package.json': '{"name":"mini-course","private":true,"type":"module"}',
      'labs/01-mini/lab.ts':
        "import { defineLab } from '@cloudlab/grader';\nexport default defineLab({ id: '01', slug: 'mini', title: 'Mini', objectives: ['add numbers'], exercises: [{ n: 1, title: 'Add', file: 'math.ts' }] });\n",
      'labs/01-mini/vitest.config.ts': shared
        ? SHAREABLE_CONFIG
        : "import { defineLabConfig } from '@cloudlab/grader/vitest';\nexport default defineLabConfig(import.meta.dirname);\n",
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
      ...(shared
        ? {
            'labs/02-mul/lab.ts':
              "import { defineLab } from '@cloudlab/grader';\nexport default defineLab({ id: '02', slug: 'mul', title: 'Mul', objectives: ['multiply numbers'], exercises: [{ n: 1, title: 'Multiply', file: 'mul.ts' }] });\n",
            'labs/02-mul/vitest.config.ts': SHAREABLE_CONFIG,
            'labs/02-mul/solution/mul.ts': MUL,
            'labs/02-mul/starter/mul.ts':
              "export function mul(a: number, b: number): number {\n  throw new Error('TODO(1)');\n}\n",
            'labs/02-mul/tests/mul.test.ts':
              "import { check } from '@cloudlab/grader';\nimport { expect } from 'vitest';\nimport { mul } from '@lab/mul.ts';\ncheck('mul multiplies', { points: 4, hint: 'use *', exercise: 1 }, () => { expect(mul(2, 3)).toBe(6); });\n",
            ...Object.fromEntries(
              Object.entries(shared.mul).map(([learner, code]) => [`class/${learner}/02-mul/mul.ts`, code]),
            ),
          }
        : {}),
    },
    root,
  );
  return root;
}
