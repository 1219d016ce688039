import { spawn } from 'node:child_process';
import { chmod, cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = join(import.meta.dirname, '..', 'bin', 'cloudlab.js');
const COURSE = join(import.meta.dirname, 'fixtures', 'dev-course');

function cloudlab(
  args: string[],
  cwd: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const env = { ...process.env, NO_COLOR: '1', CLOUDLAB_COURSE_DIR: cwd };
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

// Copies live inside the package (gitignored .cloudlab/) so lab.ts still resolves @cloudlab/grader.
const scratch = join(import.meta.dirname, '..', '.cloudlab', 'dev-check-test');
afterAll(() => rm(scratch, { recursive: true, force: true }));

describe('cloudlab dev check', () => {
  it('passes a consistent lab and names a TODO that no check catches, even when a check is tagged with it', async () => {
    const run = await cloudlab(['dev', 'check', '--json'], COURSE);
    expect(run.code, run.stderr).toBe(1);
    const report = JSON.parse(run.stdout);
    const [demo, gap] = report.labs;
    expect(demo).toMatchObject({
      folder: '01-demo',
      ok: true,
      solution: { score: 2, maxScore: 2 },
      starter: { score: 0, maxScore: 2 },
    });
    expect(demo.todos.map((t: { caught: boolean }) => t.caught)).toEqual([true, true]);
    expect(demo.misconceptions).toEqual([
      { name: 'subtract-reversed', score: 1, maxScore: 2, caught: true, failed: ['subtract subtracts'] },
    ]);
    expect(gap.ok).toBe(false);
    expect(gap.problems).toEqual([
      'labs/02-gap: TODO(2) "Subtract two numbers" fails no check — the solution with only that region stubbed still scores 100%; add a check for it',
    ]);
  }, 240_000);

  it('prints misconceptions caught per lab on its terminal line', async () => {
    const run = await cloudlab(['dev', 'check', '01', '--only-misconceptions'], COURSE);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/labs\/01-demo {2}solution 2\/2, misconceptions caught 1\/1 {2}\(/);
  }, 240_000);

  it('--no-grade reports a drifted starter and a stray file with the command that fixes them', async () => {
    await mkdir(scratch, { recursive: true });
    const course = await mkdtemp(join(scratch, 'course-'));
    // mkdtemp makes it 0700; the batch's sandbox tests walk this repository as another uid at the same time.
    await chmod(course, 0o755);
    await cp(join(COURSE, 'labs', '01-demo'), join(course, 'labs', '01-demo'), { recursive: true });
    await writeFile(join(course, 'labs', '01-demo', 'starter', 'math.ts'), 'export const add = () => 5;\n');
    await writeFile(join(course, 'labs', '01-demo', 'notes.txt'), 'scratch');
    const run = await cloudlab(['dev', 'check', '--no-grade'], course);
    expect(run.code, run.stderr).toBe(1);
    expect(run.stdout).toContain('labs/01-demo/notes.txt is a stray file');
    expect(run.stdout).toContain(
      'labs/01-demo/starter is out of date (starter/math.ts) — run: node scripts/make-starters.mjs --lab 01',
    );
  }, 120_000);
});
