import { chmod, cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const FIXTURES = join(import.meta.dirname, 'fixtures');

/**
 * Copies fixture labs into a scratch course folder inside this package (so `@cloudlab/grader` still
 * resolves by self-reference), for tests that change files. Returns the course root and a cleanup.
 */
export async function scratchCourse(
  ...labFolders: string[]
): Promise<{ root: string; remove: () => Promise<void> }> {
  const root = await mkdtemp(join(FIXTURES, '.tmp-'));
  // mkdtemp makes it 0700; the batch's sandbox tests walk this repository as another uid at the same time.
  await chmod(root, 0o755);
  for (const folder of labFolders) {
    await cp(join(FIXTURES, 'labs', folder), join(root, 'labs', folder), { recursive: true });
  }
  return { root, remove: () => rm(root, { recursive: true, force: true }) };
}

/** Makes a scratch lab run its test files in one kept worker (isolate: false) with no global setup. */
export function useOneKeptWorker(labDir: string): Promise<void> {
  return writeFile(
    join(labDir, 'vitest.config.ts'),
    "import { defineLabConfig } from '@cloudlab/grader/vitest';\n\nexport default defineLabConfig(import.meta.dirname, { globalSetup: false, isolate: false });\n",
  );
}
