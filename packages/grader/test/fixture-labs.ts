import { chmod, cp, mkdtemp, rm } from 'node:fs/promises';
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
