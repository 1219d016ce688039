import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LabResult, RunResult } from '../model/run-result.ts';
import { freshLastResult, saveLastResults } from './last-result.ts';

let root: string;
let starter: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'cloudlab-last-'));
  starter = join(root, 'labs', '03-x', 'starter');
  await mkdir(starter, { recursive: true });
  await writeFile(join(starter, 'a.ts'), 'export {};\n');
  // The learner's file was saved a minute before the grade.
  const before = new Date(Date.now() - 60_000);
  await utimes(join(starter, 'a.ts'), before, before);
  await utimes(starter, before, before);
});
afterEach(() => rm(root, { recursive: true, force: true }));

const run = (variant: RunResult['variant']): RunResult =>
  ({
    schemaVersion: 1,
    startedAt: new Date(Date.now() - 1000).toISOString(),
    variant,
    labs: [{ id: '03', status: 'failed', score: 1, maxScore: 5, checks: [] } as unknown as LabResult],
  }) as unknown as RunResult;

describe('the last result', () => {
  it('is used while no file under the given folders changed since it was graded', async () => {
    await saveLastResults(root, run('starter'));
    expect(await freshLastResult(root, '03', [starter])).toMatchObject({ id: '03', score: 1 });
  });

  it('is not used once a file is saved after the grade', async () => {
    await saveLastResults(root, run('starter'));
    await writeFile(join(starter, 'a.ts'), 'export const x = 1;\n');
    expect(await freshLastResult(root, '03', [starter])).toBeUndefined();
  });

  it('is only kept for the learner’s starter, not for --solution or --dir runs', async () => {
    await saveLastResults(root, run('solution'));
    await saveLastResults(root, run('dir'));
    expect(await freshLastResult(root, '03', [starter])).toBeUndefined();
  });
});
