import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type LabResult, type RunResult, SCHEMA_VERSION } from '../model/run-result.ts';

/**
 * The last full grade of each lab's starter/, `.cloudlab/results/<lab>.json`: what `cloudlab hint` reads
 * instead of grading the whole lab again, as long as no file it depends on changed since.
 */
interface StoredResult {
  schemaVersion: typeof SCHEMA_VERSION;
  startedAt: string;
  lab: LabResult;
}

const resultPath = (root: string, labId: string) => join(root, '.cloudlab', 'results', `${labId}.json`);

/** Keeps each lab's result of a run of the learner's starter/ (not --solution, not --dir). */
export async function saveLastResults(root: string, run: RunResult): Promise<void> {
  if (run.variant !== 'starter') return;
  await mkdir(join(root, '.cloudlab', 'results'), { recursive: true });
  for (const lab of run.labs) {
    if (lab.status === 'error') continue;
    const stored: StoredResult = { schemaVersion: SCHEMA_VERSION, startedAt: run.startedAt, lab };
    const path = resultPath(root, lab.id);
    const temporary = `${path}.${process.pid}.tmp`;
    await writeFile(temporary, `${JSON.stringify(stored)}\n`);
    await rename(temporary, path);
  }
}

/**
 * The lab's last result when it is still true: graded after the last change to any file under `folders`
 * (the learner's code, the lab's tests). Undefined when there is none, it is unreadable, or a file is newer.
 */
export async function freshLastResult(
  root: string,
  labId: string,
  folders: readonly string[],
): Promise<LabResult | undefined> {
  let stored: StoredResult;
  try {
    stored = JSON.parse(await readFile(resultPath(root, labId), 'utf8')) as StoredResult;
  } catch {
    return undefined;
  }
  if (stored.schemaVersion !== SCHEMA_VERSION || stored.lab?.id !== labId) return undefined;
  const gradedAt = Date.parse(stored.startedAt);
  for (const folder of folders) if ((await newestChange(folder)) >= gradedAt) return undefined;
  return stored.lab;
}

/** The newest modification time under `folder` (ms), skipping node_modules; a deleted file shows in its folder's. */
async function newestChange(folder: string): Promise<number> {
  if (!existsSync(folder)) return Number.POSITIVE_INFINITY;
  let newest = (await stat(folder)).mtimeMs;
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue;
    const path = join(folder, entry.name);
    const time = entry.isDirectory() ? await newestChange(path) : (await stat(path)).mtimeMs;
    newest = Math.max(newest, time);
  }
  return newest;
}
