import {
  type LoadedProgress,
  loadProgress,
  type Progress,
  type RunResult,
  saveLastResults,
  updateProgress,
} from '@cloudlab/grader/course';

function warn(loaded: LoadedProgress): LoadedProgress {
  if (loaded.warning) process.stderr.write(`cloudlab: warning: ${loaded.warning}\n`);
  return loaded;
}

/** Reads the progress file; a corrupted one is set aside with a warning on stderr. */
export async function readProgress(root: string): Promise<Progress> {
  return warn(await loadProgress(root)).progress;
}

/**
 * Reads, changes and saves the progress file. A course the grader may not write (an autograder grading as
 * an unprivileged user over a read-only course) keeps the change in memory, with a warning: the grade
 * itself never depends on it.
 */
export async function changeProgress(root: string, change: (progress: Progress) => void): Promise<Progress> {
  try {
    return warn(await updateProgress(root, change)).progress;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EACCES' && code !== 'EROFS' && code !== 'EPERM') throw error;
    process.stderr.write(`cloudlab: warning: progress not saved (${code}: the course folder is read-only)\n`);
    const progress = await readProgress(root);
    change(progress);
    return progress;
  }
}

/** Keeps the run's lab results for `cloudlab hint`; like progress, a read-only course only costs a warning. */
export async function keepLastResults(root: string, run: RunResult): Promise<void> {
  try {
    await saveLastResults(root, run);
  } catch (error) {
    process.stderr.write(`cloudlab: warning: last result not saved (${(error as Error).message})\n`);
  }
}
