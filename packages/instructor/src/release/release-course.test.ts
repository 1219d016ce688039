import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { verifyTestManifest } from '@cloudlab/grader/course';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ReleaseError, releaseCourse } from './release-course.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cloudlab-release-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

async function fixtureCourse(): Promise<string> {
  const root = join(dir, 'course');
  const files: Record<string, string> = {
    'package.json': '{"name":"course"}',
    'labs/01-demo/lab.ts': 'export default {}',
    'labs/01-demo/tsconfig.json': '{"compilerOptions":{"paths":{"@lab/*":["./solution/*"]}}}',
    'labs/01-demo/solution/math.ts': 'export const add = (a: number, b: number) => a + b;',
    'labs/01-demo/starter/math.ts': "export const add = () => { throw new Error('TODO(1)'); };",
    'labs/01-demo/tests/math.test.ts': "import { add } from '@lab/math.ts';",
    'labs/01-demo/hidden/edge.test.ts': '// instructor-only edge cases',
    'labs/01-demo/tests.sha256': 'stale',
    'labs/01-demo/node_modules/x/index.js': '',
    'tests/e2e/instructor/make-fixture-class.ts': '// holds the solutions',
  };
  for (const [file, text] of Object.entries(files)) {
    await mkdir(join(root, file, '..'), { recursive: true });
    await writeFile(join(root, file), text);
  }
  return root;
}

describe('releaseCourse', () => {
  it('leaves out solution/, hidden/, stale manifests, the fixture class and installed packages', async () => {
    const summary = await releaseCourse(await fixtureCourse(), join(dir, 'student'));
    const student = join(dir, 'student');
    expect(existsSync(join(student, 'labs/01-demo/solution'))).toBe(false);
    expect(existsSync(join(student, 'labs/01-demo/hidden'))).toBe(false);
    expect(existsSync(join(student, 'labs/01-demo/node_modules'))).toBe(false);
    expect(existsSync(join(student, 'tests/e2e/instructor'))).toBe(false);
    expect(existsSync(join(student, 'labs/01-demo/starter/math.ts'))).toBe(true);
    expect(summary.stripped).toEqual({ solution: 1, hidden: 1, other: 2 });
  });

  it('writes a tests.sha256 the grader verifies, and that catches an edited test', async () => {
    await releaseCourse(await fixtureCourse(), join(dir, 'student'));
    const lab = join(dir, 'student/labs/01-demo');
    expect(await readFile(join(lab, 'tests.sha256'), 'utf8')).toMatch(
      /^[0-9a-f]{64} {2}tests\/math\.test\.ts\n$/,
    );
    expect((await verifyTestManifest(lab)).status).toBe('verified');
    await writeFile(join(lab, 'tests/math.test.ts'), '// edited');
    expect(await verifyTestManifest(lab)).toMatchObject({
      status: 'tampered',
      changed: ['tests/math.test.ts'],
    });
  });

  it('points each lab’s @lab alias at starter/ in the student copy', async () => {
    await releaseCourse(await fixtureCourse(), join(dir, 'student'));
    const tsconfig = await readFile(join(dir, 'student/labs/01-demo/tsconfig.json'), 'utf8');
    expect(tsconfig).toContain('./starter/*');
    expect(tsconfig).not.toContain('./solution/*');
  });

  it('refuses an output folder that is not empty, writing nothing', async () => {
    await mkdir(join(dir, 'student'));
    await writeFile(join(dir, 'student/keep.txt'), 'mine');
    await expect(releaseCourse(await fixtureCourse(), join(dir, 'student'))).rejects.toThrow(ReleaseError);
  });

  it('releases this repository from git’s file list with no lab solution in it (toy fixture labs of the harness’s own tests stay)', async () => {
    const repo = resolve(import.meta.dirname, '../../../..');
    const summary = await releaseCourse(repo, join(dir, 'repo-student'));
    expect(summary.stripped.solution).toBeGreaterThan(0);
    expect(summary.manifests).toContain('labs/01-managed-credentials/tests.sha256');
    const { stdout } = await import('node:child_process').then(({ spawnSync }) =>
      spawnSync('find', [join(dir, 'repo-student', 'labs'), '-path', '*/solution/*'], { encoding: 'utf8' }),
    );
    expect(stdout.trim()).toBe('');
  });
});
