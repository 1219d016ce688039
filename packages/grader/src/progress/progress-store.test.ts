import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunResult } from '../model/run-result.ts';
import { loadProgress, progressPath, recordRun, updateProgress } from './progress-store.ts';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'cloudlab-progress-'));
});
afterEach(() => rm(root, { recursive: true, force: true }));

const run = (
  status: 'passed' | 'failed',
  score: number,
  variant: RunResult['variant'] = 'starter',
): RunResult =>
  ({
    schemaVersion: 1,
    startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 1,
    variant,
    score,
    maxScore: 5,
    incomplete: false,
    tampered: false,
    labs: [{ id: '01', status, score, maxScore: 5, integrity: { status: 'unverified' } }],
  }) as RunResult;

describe('progress store', () => {
  it('starts empty when there is no file', async () => {
    expect(await loadProgress(root)).toEqual({ progress: { schemaVersion: 1, labs: {} } });
  });

  it('records the best score and remembers a passed lab', async () => {
    await updateProgress(root, (progress) => recordRun(progress, run('failed', 3)));
    await updateProgress(root, (progress) => recordRun(progress, run('passed', 5)));
    await updateProgress(root, (progress) => recordRun(progress, run('failed', 1)));
    const { progress } = await loadProgress(root);
    expect(progress.labs['01']).toMatchObject({
      bestScore: 5,
      lastScore: 1,
      passed: true,
      lastStatus: 'failed',
    });
  });

  it('ignores runs of the reference solution', async () => {
    await updateProgress(root, (progress) => recordRun(progress, run('passed', 5, 'solution')));
    expect((await loadProgress(root)).progress.labs).toEqual({});
  });

  it('recovers from a corrupted file and keeps a copy of it', async () => {
    await mkdir(join(root, '.cloudlab'));
    await writeFile(progressPath(root), '{"schemaVersion": 1, "labs": {');
    const loaded = await loadProgress(root);
    expect(loaded.progress.labs).toEqual({});
    expect(loaded.warning).toMatch(/unreadable; kept a copy at .*progress\.json\.corrupt-/);
    const kept = (await readdir(join(root, '.cloudlab'))).find((name) => name.includes('corrupt'))!;
    expect(await readFile(join(root, '.cloudlab', kept), 'utf8')).toBe('{"schemaVersion": 1, "labs": {');
    expect(existsSync(progressPath(root))).toBe(false);
  });
});
