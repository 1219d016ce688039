import { type LoadedProgress, loadProgress, type Progress, updateProgress } from '@cloudlab/grader/course';

function warn(loaded: LoadedProgress): LoadedProgress {
  if (loaded.warning) process.stderr.write(`cloudlab: warning: ${loaded.warning}\n`);
  return loaded;
}

/** Reads the progress file; a corrupted one is set aside with a warning on stderr. */
export async function readProgress(root: string): Promise<Progress> {
  return warn(await loadProgress(root)).progress;
}

export async function changeProgress(root: string, change: (progress: Progress) => void): Promise<Progress> {
  return warn(await updateProgress(root, change)).progress;
}
