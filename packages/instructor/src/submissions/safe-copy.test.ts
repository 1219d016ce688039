import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from './limits.ts';
import { safeCopy } from './safe-copy.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cloudlab-copy-'));
  await mkdir(join(dir, 'in/sub'), { recursive: true });
  await writeFile(join(dir, 'in/sub/a.ts'), 'a');
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('safeCopy', () => {
  it('copies regular files and folders, but not node_modules or .git', async () => {
    await mkdir(join(dir, 'in/node_modules/x'), { recursive: true });
    await writeFile(join(dir, 'in/node_modules/x/index.js'), 'x');
    expect(await safeCopy(join(dir, 'in'), join(dir, 'out'))).toEqual({ symlinks: [], unreadable: [] });
    expect(existsSync(join(dir, 'out/sub/a.ts'))).toBe(true);
    expect(existsSync(join(dir, 'out/node_modules'))).toBe(false);
  });

  it('does not follow a symlink that points outside the submission, and names it', async () => {
    await symlink('/etc/passwd', join(dir, 'in/sub/passwd.ts'));
    await symlink('/etc', join(dir, 'in/etc'));
    const notes = await safeCopy(join(dir, 'in'), join(dir, 'out'));
    expect(notes.symlinks).toEqual(['etc', 'sub/passwd.ts']);
    expect(existsSync(join(dir, 'out/sub/passwd.ts'))).toBe(false);
    expect(existsSync(join(dir, 'out/etc'))).toBe(false);
  });

  it('skips a FIFO (reading it would block the batch) as not a regular file', async () => {
    execFileSync('mkfifo', [join(dir, 'in/pipe.ts')]);
    const notes = await safeCopy(join(dir, 'in'), join(dir, 'out'));
    expect(notes.unreadable).toEqual(['pipe.ts (not a regular file)']);
  });

  it('refuses a folder with more files than the limit', async () => {
    for (let i = 0; i < 5; i++) await writeFile(join(dir, `in/f${i}.ts`), 'x');
    await expect(
      safeCopy(join(dir, 'in'), join(dir, 'out'), { ...DEFAULT_LIMITS, maxFiles: 3 }),
    ).rejects.toThrow(/more than 3 files/);
  });
});
