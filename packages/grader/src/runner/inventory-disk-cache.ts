import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LabInfo } from '../labs/discover-labs.ts';
import type { LabInventory } from './trusted-inventory.ts';

/**
 * A lab's trusted inventory kept on disk between processes, so a learner's next cold `grade` or `watch` skips
 * the no-code Vitest instance that collects it (a second Vite server and test worker beside the first run).
 * Only for a learner grading their own checkout: the file is as writable as their code, so a forged one can
 * only lie to them. Batch and `--dir` grading never read it (SECURITY.md, defence 1).
 * One file per lab, named by its folder; it holds the key it was collected under and is used only while that
 * key still matches: the lab's test files, its vitest.config.ts and the grader code that turns a suite into an
 * inventory.
 */
interface CachedInventory {
  key: string;
  inventory: LabInventory;
}

const fileOf = (dir: string, lab: LabInfo) => join(dir, `inventory-${lab.folder}.json`);

export async function readCachedInventory(
  dir: string,
  lab: LabInfo,
  key: string,
): Promise<LabInventory | undefined> {
  try {
    const cached = JSON.parse(await readFile(fileOf(dir, lab), 'utf8')) as CachedInventory;
    const { inventory } = cached;
    return cached.key === key && inventory.lab === lab.folder && Array.isArray(inventory.checks)
      ? inventory
      : undefined;
  } catch {
    // No file yet, or one cut short: collect as if there were none.
    return undefined;
  }
}

/** Written whole then renamed into place: two graders writing at once never leave half a file. */
export async function writeCachedInventory(
  dir: string,
  lab: LabInfo,
  key: string,
  inventory: LabInventory,
): Promise<void> {
  const file = fileOf(dir, lab);
  const partial = `${file}.${process.pid}.tmp`;
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(partial, JSON.stringify({ key, inventory } satisfies CachedInventory));
    await rename(partial, file);
  } catch {
    // A read-only course (an autograder's) keeps no cache: the next grade collects again.
  }
}

let graderHash: Promise<string> | undefined;

/** A hash of the grader's own source (tests aside): a new grader may read the same suite into another inventory. */
export function graderSourceHash(): Promise<string> {
  graderHash ??= (async () => {
    const src = join(import.meta.dirname, '..');
    const files = (await readdir(src, { recursive: true, withFileTypes: true }))
      .filter((entry) => entry.isFile() && !entry.name.includes('.test.'))
      .map((entry) => join(entry.parentPath, entry.name))
      .sort();
    const hash = createHash('sha256');
    for (const file of files) hash.update(file).update(await readFile(file));
    return hash.digest('hex');
  })();
  return graderHash;
}
