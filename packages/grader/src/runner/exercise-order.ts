/**
 * The order a lab's checks are reported in, the same on every run: the chapter's exercise order, then the
 * test file's name, then the order the checks are written in their file. Vitest runs files in whatever order
 * its cache prefers (slow files first), so the run's order is not one a learner can follow.
 */
export function inExerciseOrder<T extends { file: string }>(
  checks: readonly T[],
  exerciseOf: (check: T) => number | undefined,
): T[] {
  // A check without an exercise number belongs to none: it comes after every exercise.
  const rank = (check: T) => exerciseOf(check) ?? Number.POSITIVE_INFINITY;
  // Array.prototype.sort is stable: the checks of one file keep their declaration order.
  return [...checks].sort((a, b) => rank(a) - rank(b) || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}
