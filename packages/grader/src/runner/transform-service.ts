import { createRequire } from 'node:module';

interface EsbuildApi {
  stop(): Promise<void>;
}

/**
 * Stops the esbuild service process Vite compiles TypeScript with (Vite 7, as pinned in the root package.json).
 * It stays up until the grading process exits, ~17 MB beside it, though a warm re-grade compiles nothing (and
 * `watch` only the saved file). The next compile starts it again, in ~10 ms. Call it only between runs: it
 * cancels any compile in flight.
 * esbuild is required from Vite's own folder, so it is the very module (and service) Vite uses.
 */
export async function stopTransformService(): Promise<void> {
  const fromGrader = createRequire(import.meta.url);
  const fromVite = createRequire(fromGrader.resolve('vite'));
  await (fromVite('esbuild') as EsbuildApi).stop();
}
