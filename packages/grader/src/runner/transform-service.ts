import { createRequire } from 'node:module';

interface EsbuildApi {
  stop(): Promise<void>;
}

/** Vite work in flight in this process (opening a Vitest instance, a run, a collect). */
let compiling = 0;

/**
 * Runs `work`, which may make Vite compile, and stops the esbuild service Vite compiles TypeScript with (Vite 7,
 * as pinned in the root package.json) once no such work is left in this process. The service would stay up
 * until the grading process exits, ~17 MB beside it, though a warm re-grade compiles nothing (and `watch` only
 * the saved file); the next compile starts it again in ~10 ms.
 * Every Vitest instance of the process shares the one service, and stopping it under a compile in flight
 * fails that compile ("The service was stopped") or leaves it waiting forever: hence the count, so that
 * `dev check`'s labs, graded side by side in one process, never stop it under each other.
 */
export async function withTransformService<T>(work: () => Promise<T>): Promise<T> {
  compiling++;
  try {
    return await work();
  } finally {
    compiling--;
    if (compiling === 0) stopTransformService();
  }
}

/** esbuild required from Vite's own folder: the very module (and service) Vite uses. Its stop is synchronous. */
function stopTransformService(): void {
  const fromGrader = createRequire(import.meta.url);
  const fromVite = createRequire(fromGrader.resolve('vite'));
  void (fromVite('esbuild') as EsbuildApi).stop();
}
