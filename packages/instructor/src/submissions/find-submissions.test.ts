import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findSubmissions, SubmissionsInputError } from './find-submissions.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cloudlab-find-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('findSubmissions', () => {
  it('reads a folder of learner folders and zips, in name order, ignoring other files', async () => {
    await mkdir(join(dir, 'class/bob'), { recursive: true });
    await writeFile(join(dir, 'class/alice.zip'), '');
    await writeFile(join(dir, 'class/notes.txt'), '');
    const found = await findSubmissions(join(dir, 'class'));
    expect(found.submissions.map((s) => [s.learner, s.kind, s.shown])).toEqual([
      ['alice', 'zip', 'alice.zip'],
      ['bob', 'dir', 'bob'],
    ]);
    expect(found.refused).toEqual([]);
  });

  it('refuses a duplicate learner id (case-insensitive) and keeps the first', async () => {
    await mkdir(join(dir, 'class/alice'), { recursive: true });
    await writeFile(join(dir, 'class/Alice.zip'), '');
    const found = await findSubmissions(join(dir, 'class'));
    expect(found.submissions.map((s) => s.shown)).toEqual(['alice']);
    expect(found.refused).toMatchObject([
      { learner: 'Alice', shown: 'Alice.zip', flag: 'duplicate-learner' },
    ]);
    expect(found.refused[0]!.reason).toContain('already used by alice');
  });

  it('refuses ids that cannot be file names, and symlinked learner folders', async () => {
    await mkdir(join(dir, 'class/bad id!'), { recursive: true });
    await symlink('/etc', join(dir, 'class/linked'));
    const found = await findSubmissions(join(dir, 'class'));
    expect(found.submissions).toEqual([]);
    expect(found.refused.map((r) => [r.learner, r.flag])).toEqual([
      ['bad id!', 'bad-learner-id'],
      ['linked', 'missing-path'],
    ]);
  });

  it('reads a CSV of learner,path with paths relative to the CSV, refusing missing paths', async () => {
    await mkdir(join(dir, 'subs/a'), { recursive: true });
    await writeFile(join(dir, 'subs/b.zip'), '');
    await writeFile(join(dir, 'class.csv'), 'learner,path\nann,subs/a\nben,subs/b.zip\ncid,subs/none\n');
    const found = await findSubmissions(join(dir, 'class.csv'));
    expect(found.submissions.map((s) => [s.learner, s.kind])).toEqual([
      ['ann', 'dir'],
      ['ben', 'zip'],
    ]);
    expect(found.refused).toMatchObject([{ learner: 'cid', flag: 'missing-path' }]);
  });

  it('says what a CSV needs when its header is wrong', async () => {
    await writeFile(join(dir, 'class.csv'), 'name,folder\nann,a\n');
    await expect(findSubmissions(join(dir, 'class.csv'))).rejects.toThrow(SubmissionsInputError);
  });
});
