/** A frame line of a V8 stack that lies in an installed package: `    at fn (/…/node_modules/pkg/x.js:3:9)`. */
const LIBRARY_FRAME = /^\s*at\s.*[/\\]node_modules[/\\]/;
const FRAME = /^\s*at\s/;

/**
 * Drops the frames of installed packages (the SDK, chai, Vitest) from a failed check's stack, all but its first
 * frame: where the error was made, which the failure classifier reads (student-location.ts). Vitest's main
 * process maps each frame of each failed check through a source map, reading a package's file from disk for
 * each frame it meets, with no cache; a learner's canaries and failed checks made that about 0.6 s of the
 * grading process's CPU per learner in a batch. The learner's frames and the course's stay, so the location
 * shown and the frames a learner reads are the same.
 */
export function dropLibraryFrames(error: unknown): void {
  if (error === null || typeof error !== 'object') return;
  const { stack } = error as { stack?: unknown };
  if (typeof stack !== 'string') return;
  const lines = stack.split('\n');
  const first = lines.findIndex((line) => FRAME.test(line));
  if (first < 0) return;
  const kept = lines.filter((line, at) => at <= first || !LIBRARY_FRAME.test(line));
  if (kept.length === lines.length) return;
  try {
    (error as { stack: string }).stack = kept.join('\n');
  } catch {
    // A frozen error keeps its stack: only slower to report.
  }
}
