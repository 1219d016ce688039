import { createHash } from 'node:crypto';
import { lstat, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Submission } from '../batch/batch-types.ts';
import { SKIPPED_FOLDERS } from './limits.ts';

/**
 * sha256 over the submission: the zip's bytes, or every regular file's path and bytes in a folder (in a
 * fixed order). A re-run re-grades a learner whose submission changed, and skips the others.
 */
export async function fingerprint(submission: Submission): Promise<string> {
  const hash = createHash('sha256');
  if (submission.kind === 'zip') hash.update(await readFile(submission.path));
  else await hashFolder(submission.path, '', hash);
  return hash.digest('hex');
}

async function hashFolder(root: string, prefix: string, hash: ReturnType<typeof createHash>): Promise<void> {
  let names: string[];
  try {
    names = (await readdir(join(root, prefix))).sort();
  } catch {
    return;
  }
  for (const name of names) {
    const path = join(prefix, name);
    const info = await lstat(join(root, path));
    if (info.isDirectory() && !SKIPPED_FOLDERS.has(name)) await hashFolder(root, path, hash);
    else if (info.isFile()) {
      hash.update(`${path}\0${info.size}\0`);
      try {
        hash.update(await readFile(join(root, path)));
      } catch {
        hash.update('unreadable');
      }
    } else hash.update(`${path}\0${info.isSymbolicLink() ? 'link' : 'special'}\0`);
  }
}
