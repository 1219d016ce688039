import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { writeAtomically } from '../runtime/write-atomically.ts';
import { startHeadStartWorker, type WorkerStart, workerStartOf } from './kept-forks-pool.ts';

/**
 * A learner's own `grade` is a fresh process each time: its test worker used to start only once Vitest was
 * up, and then spent ~0.7 s booting Vitest's worker and loading the SDK while the grader waited. The first
 * run of a set of labs writes down how its worker started and which package files it loaded, those the tests
 * imported only as they ran included (`remember`); the next process forks that worker at once (`startFromDisk`), beside Vitest's own start, and
 * the pool adopts it (kept-forks-pool.ts). Only with the learner's own disk cache: what it lists runs in the
 * worker, so it must never serve a grade that has to hold against them (LabSessionOptions.diskCache).
 */
interface HeadStartRecord extends WorkerStart {
  /** The node_modules files the previous grade's worker had loaded (the SDK…): loaded while the next waits. */
  preloadList?: string;
}

/** One record per set of labs graded together: `grade 01` and `grade` start their workers alike or not. */
const recordOf = (diskCache: string, labDirs: readonly string[]) => {
  const key = createHash('sha256')
    .update([...labDirs].sort().join('\0'))
    .digest('hex')
    .slice(0, 16);
  return {
    json: join(diskCache, 'workers', `${key}.json`),
    preload: join(diskCache, 'workers', `${key}.txt`),
  };
};

/** Forks the worker a previous process's run of the same labs started, when one was written down. */
export function startFromDisk(diskCache: string, labDirs: readonly string[]): void {
  const { json } = recordOf(diskCache, labDirs);
  let record: HeadStartRecord;
  try {
    record = JSON.parse(readFileSync(json, 'utf8')) as HeadStartRecord;
  } catch {
    return; // None yet (the first grade), or unreadable: the worker starts with Vitest, as it always did.
  }
  const valid =
    typeof record.distPath === 'string' &&
    existsSync(join(record.distPath, 'workers', 'forks.js')) &&
    Array.isArray(record.execArgv) &&
    record.execArgv.every((flag) => typeof flag === 'string');
  if (!valid) return;
  const preload = record.preloadList && existsSync(record.preloadList) ? record.preloadList : undefined;
  startHeadStartWorker(record, process.env, preload);
}

/** Writes down how the projects' worker started and the packages to load ahead, for the next process. */
export async function remember(
  diskCache: string,
  labDirs: readonly string[],
  projects: readonly TestProject[],
  packages: readonly string[],
): Promise<void> {
  const start = workerStartOf(projects);
  if (!start) return;
  const { json, preload } = recordOf(diskCache, labDirs);
  await mkdir(join(diskCache, 'workers'), { recursive: true });
  if (packages.length > 0) await writeAtomically(preload, packages.join('\n'));
  const record: HeadStartRecord = { ...start, ...(packages.length > 0 ? { preloadList: preload } : {}) };
  await writeAtomically(json, JSON.stringify(record));
}
