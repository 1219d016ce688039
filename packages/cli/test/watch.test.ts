import { type ChildProcess, spawn } from 'node:child_process';
import { cp, rm } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BIN, type ScratchCourse, scratchCourse, studentEnv } from './student-course.ts';

interface Verdict {
  event: string;
  status: string;
  score: number;
  maxScore: number;
  trigger: string[];
  next: { title: string } | null;
}

/** `cloudlab watch --json` as a child process, read one verdict line at a time. */
function startWatch(root: string, lab: string) {
  const child = spawn(process.execPath, [BIN, 'watch', lab, '--json'], { cwd: root, env: studentEnv(root) });
  const verdicts: Verdict[] = [];
  const waiting: ((verdict: Verdict) => void)[] = [];
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  createInterface({ input: child.stdout }).on('line', (line) => {
    const verdict = JSON.parse(line) as Verdict;
    const waiter = waiting.shift();
    if (waiter) waiter(verdict);
    else verdicts.push(verdict);
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    exited,
    stderr: () => stderr,
    next: () =>
      new Promise<Verdict>((resolve) =>
        verdicts.length > 0 ? resolve(verdicts.shift()!) : waiting.push(resolve),
      ),
  };
}

let course: ScratchCourse;
let child: ChildProcess | undefined;
beforeEach(async () => {
  course = await scratchCourse(['01-basics']);
});
afterEach(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  await course.remove();
});

describe('cloudlab watch', { timeout: 240_000 }, () => {
  it('re-grades when the student saves a file, and stops cleanly on Ctrl-C', async () => {
    const watch = startWatch(course.root, '01');
    child = watch.child;
    const first = await watch.next();
    expect(first).toMatchObject({
      event: 'graded',
      status: 'failed',
      score: 2,
      maxScore: 5,
      next: { title: 'greet says hello to the learner by name' },
    });

    await cp(course.lab('01-basics', 'solution/math.ts'), course.lab('01-basics', 'starter/math.ts'));
    const second = await watch.next();
    expect(second).toMatchObject({ status: 'passed', score: 5, next: null });
    expect(second.trigger).toContain('starter/math.ts');

    watch.child.kill('SIGINT');
    expect(await watch.exited).toBe(0);
  });

  it('says what to do when the watched starter folder disappears', async () => {
    const watch = startWatch(course.root, '01');
    child = watch.child;
    await watch.next();
    await rm(course.lab('01-basics', 'starter'), { recursive: true });
    expect(await watch.exited).toBe(2);
    expect(watch.stderr()).toMatch(
      /labs\/01-basics\/starter disappeared — run `cloudlab reset 01` to restore it/,
    );
  });
});
