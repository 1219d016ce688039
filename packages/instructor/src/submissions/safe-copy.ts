import { copyFile, lstat, mkdir, readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import {
  DEFAULT_LIMITS,
  formatMiB,
  SKIPPED_FOLDERS,
  type SubmissionLimits,
  UnsafeSubmissionError,
} from './limits.ts';

export interface CopyNotes {
  symlinks: string[];
  unreadable: string[];
}

/**
 * Copies a learner's folder without following anything out of it: symlinks are skipped (a link to
 * /etc/passwd or to the instructor's solution/ must not become part of the submission), so are FIFOs,
 * sockets and devices (reading a FIFO would block the batch), and files that cannot be read. Each skip is
 * noted for the gradebook; past the size limits the submission is refused.
 */
export async function safeCopy(
  source: string,
  target: string,
  limits: SubmissionLimits = DEFAULT_LIMITS,
): Promise<CopyNotes> {
  const notes: CopyNotes = { symlinks: [], unreadable: [] };
  const budget = { files: 0, bytes: 0 };
  await copyFolder(source, source, target, limits, notes, budget);
  return notes;
}

async function copyFolder(
  root: string,
  dir: string,
  target: string,
  limits: SubmissionLimits,
  notes: CopyNotes,
  budget: { files: number; bytes: number },
): Promise<void> {
  await mkdir(target, { recursive: true });
  let entries: string[];
  try {
    entries = (await readdir(dir)).sort();
  } catch {
    notes.unreadable.push(`${relative(root, dir) || '.'}/`);
    return;
  }
  for (const name of entries) {
    const from = join(dir, name);
    const shown = relative(root, from);
    const info = await lstat(from);
    if (info.isSymbolicLink()) {
      notes.symlinks.push(shown);
    } else if (info.isDirectory()) {
      if (!SKIPPED_FOLDERS.has(name)) await copyFolder(root, from, join(target, name), limits, notes, budget);
    } else if (!info.isFile()) {
      notes.unreadable.push(`${shown} (not a regular file)`);
    } else {
      budget.files += 1;
      budget.bytes += info.size;
      if (budget.files > limits.maxFiles)
        throw new UnsafeSubmissionError(`more than ${limits.maxFiles} files`);
      if (info.size > limits.maxFileBytes)
        throw new UnsafeSubmissionError(
          `${shown} is ${formatMiB(info.size)} (limit ${formatMiB(limits.maxFileBytes)})`,
        );
      if (budget.bytes > limits.maxTotalBytes)
        throw new UnsafeSubmissionError(`more than ${formatMiB(limits.maxTotalBytes)} of files`);
      try {
        await copyFile(from, join(target, name));
      } catch {
        notes.unreadable.push(shown);
      }
    }
  }
}
