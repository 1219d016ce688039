import { type CheckResult, emptyLabProgress, type Progress } from '@cloudlab/grader/course';

/** How many hints of `check` the student has seen (at least 1: the first hint is always shown with a failure). */
export function hintLevel(progress: Progress, labId: string, check: CheckResult): number {
  const entry = progress.labs[labId];
  const level = entry?.hintCheck === check.id ? entry.hintsShown : 1;
  return Math.min(Math.max(level, 1), Math.max(check.hints.length, 1));
}

/**
 * Reveals one more hint of the lab's first failing check and remembers it; a different failing check starts
 * again at hint 1. Returns the hint now shown.
 */
export function revealNextHint(
  progress: Progress,
  labId: string,
  check: CheckResult,
): { level: number; text: string } {
  progress.labs[labId] ??= emptyLabProgress();
  const entry = progress.labs[labId]!;
  const seen = entry.hintCheck === check.id ? entry.hintsShown : 0;
  const level = Math.min(seen + 1, check.hints.length);
  entry.hintCheck = check.id;
  entry.hintsShown = level;
  return { level, text: check.hints[level - 1] ?? '' };
}
