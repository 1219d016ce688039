import { spawnSync } from 'node:child_process';
import { chmod, copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runBatch } from '../batch/run-batch.ts';
import { BatchSandbox } from './batch-sandbox.ts';
import { bwrapArgs } from './bwrap-args.ts';
import { INSTALL_BWRAP, SandboxUnavailableError } from './detect-sandbox.ts';

describe('bwrapArgs', () => {
  const args = bwrapArgs(
    {
      readOnly: ['/course/labs', '/course'],
      masked: ['/course/out', '/course/labs/01/solution'],
      writable: ['/course/out/.work/alice'],
      cwd: '/course/out/.work/alice',
    },
    ['node', 'x.js'],
  );
  const at = (...pair: string[]) =>
    args.findIndex((_, index) => pair.every((part, offset) => args[index + offset] === part));

  it('binds parents before children, masks before the learner’s folder under them, read-only after it', () => {
    expect(at('--ro-bind', '/course', '/course')).toBeLessThan(
      at('--ro-bind', '/course/labs', '/course/labs'),
    );
    expect(at('--tmpfs', '/course/out')).toBeLessThan(at('--bind', '/course/out/.work/alice'));
    expect(at('--remount-ro', '/course/out')).toBeGreaterThan(at('--bind', '/course/out/.work/alice'));
    expect(at('--remount-ro', '/course/labs/01/solution')).toBeGreaterThan(0);
  });

  it('takes away the network, other PIDs and further namespaces, and dies with its parent', () => {
    for (const flag of [
      '--unshare-user',
      '--unshare-pid',
      '--unshare-net',
      '--disable-userns',
      '--die-with-parent',
    ])
      expect(args).toContain(flag);
    expect(args.slice(-3)).toEqual(['--', 'node', 'x.js']);
  });
});

/** A batch of the mini course's class into `work/out`, against an emulator that is never reached. */
function batchOfOne(root: string, work: string) {
  return runBatch({
    submissions: join(root, 'class'),
    out: join(work, 'out'),
    courseRoot: root,
    emulator: {
      endpoint: 'http://127.0.0.1:9',
      region: 'us-east-1',
      createAccount: () => ({ accessKeyId: 'A', secretAccessKey: 'S' }),
    },
  });
}

describe('a batch on a machine without bubblewrap', () => {
  const path = process.env.PATH;
  let work: string | undefined;
  afterEach(async () => {
    process.env.PATH = path;
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('refuses in one line, with the reason, the install command and the unsafe way out', async () => {
    work = await mkdtemp(join(tmpdir(), 'cloudlab-no-bwrap-'));
    const { makeMiniCourse, ADD } = await import('../../test/mini-course.ts');
    const root = await makeMiniCourse({ alice: ADD });
    process.env.PATH = '/nonexistent';
    const refused = batchOfOne(root, work);
    await expect(refused).rejects.toBeInstanceOf(SandboxUnavailableError);
    const message = await refused.catch((error: Error) => error.message);
    expect(message).not.toContain('\n');
    expect(message).toContain('bubblewrap');
    expect(message).toContain(INSTALL_BWRAP);
    expect(message).toContain('--unsafe-no-sandbox');
    await rm(root, { recursive: true, force: true });
  });
});

describe('a batch whose Node the sandbox user cannot run', () => {
  const execPath = process.execPath;
  let work: string | undefined;
  afterEach(async () => {
    process.execPath = execPath;
    if (work) await rm(work, { recursive: true, force: true });
  });

  // Node unpacked in a mktemp folder (0700) ran for root and for no learner: every grade "crashed".
  it.runIf(process.getuid?.() === 0)(
    'refuses at start, naming that Node and the fix',
    async () => {
      work = await mkdtemp(join(tmpdir(), 'cloudlab-private-node-'));
      await mkdir(join(work, 'bin'));
      await copyFile(execPath, join(work, 'bin/node'));
      await chmod(join(work, 'bin/node'), 0o755);
      await chmod(work, 0o700);
      const { makeMiniCourse, ADD } = await import('../../test/mini-course.ts');
      const root = await makeMiniCourse({ alice: ADD });
      process.execPath = join(work, 'bin/node');
      const refused = batchOfOne(root, work);
      const message = await refused.then(
        () => 'no refusal',
        (error: Error) => `${error.name}: ${error.message}`,
      );
      expect(message).toContain(`cannot run Node at ${join(work, 'bin/node')}`);
      expect(message).toContain('chmod o+rx');
      await rm(root, { recursive: true, force: true });
    },
    120_000,
  );
});

describe('a course with a folder and a file only their owner may read', () => {
  let course: string | undefined;
  afterEach(async () => {
    if (course) await rm(course, { recursive: true, force: true });
  });

  // Lab 01 runs the learner's key scanner over the whole course: a 0700 folder in it made the reference
  // scanner throw EACCES as the sandbox's uid, and every learner lost those points for the grader's machine.
  it.runIf(process.getuid?.() === 0)(
    'shows them to the sandbox user as empty, so a walk of the course reads everything it can see',
    async () => {
      course = await mkdtemp(join(tmpdir(), 'cloudlab-private-course-'));
      await chmod(course, 0o755);
      await mkdir(join(course, 'labs', '01-x'), { recursive: true });
      await mkdir(join(course, 'notes'), { mode: 0o700 });
      await writeFile(join(course, 'notes', 'answers.md'), 'secret');
      await writeFile(join(course, 'labs', '.env'), 'AWS_SECRET=x', { mode: 0o600 });
      await mkdir(join(course, 'out'));
      const sandbox = await BatchSandbox.open({
        courseRoot: course,
        outDir: join(course, 'out'),
        emulator: 'http://127.0.0.1:9',
      });
      try {
        const walk = await sandbox.command(0, { writable: [], cwd: course }, [
          '/bin/sh',
          '-c',
          'ls -A notes && wc -c < labs/.env && find . -print > /dev/null && echo walked',
        ]);
        const run = spawnSync(walk.file, walk.args, { encoding: 'utf8' });
        await walk.release();
        expect(run.stderr).toBe('');
        expect(run.stdout.trim().split('\n')).toEqual(['0', 'walked']);
      } finally {
        await sandbox.close();
      }
    },
    60_000,
  );
});
