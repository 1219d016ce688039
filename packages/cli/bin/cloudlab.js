#!/usr/bin/env node
// Students never run a build step: the TypeScript sources are compiled on the fly (by Vite's module runner for
// the commands that run Vitest, by tsx for the others).
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

const [command, ...rest] = process.argv.slice(2);
const asksForHelp = rest.some((word) => word === '--help' || word === '-h');

if (command === 'emulator' && !asksForHelp) {
  // A long-running server on plain node from an esbuild bundle: ~55 MB idle instead of ~100 MB under tsx
  // (bench/emulator.ts). Help goes through the CLI so it reads like every other command's.
  const { runEmulator } = await import('@cloudlab/emulator/standalone');
  await runEmulator(rest);
} else {
  const RUNS_VITEST = new Set(['grade', 'watch', 'dev', 'hint']);
  if (process.argv.slice(2).some((word) => RUNS_VITEST.has(word))) {
    // The CLI from one esbuild bundle kept beside the grader (see bundled-import.js): no tsx loader hooks in
    // the grading process (~20 MB), and none of Vite's per-module compiles, ~1 s of a cold `cloudlab grade`
    // (bench/cold-grade.ts). Vitest loads when the command first needs it: `grade` forks its test worker
    // before (head-start-worker.ts). A course installed read-only (an autograder's image, graded as another
    // user) keeps no bundle: there the CLI goes through Vite, Vitest first (see the preload file).
    const cli = fileURLToPath(new URL('../src/bin.ts', import.meta.url));
    const { bundleFor } = await import('@cloudlab/grader/bundled-import');
    const bundle = await bundleFor(cli);
    if (bundle) await import(bundle);
    else {
      await import('@cloudlab/grader/preload');
      await (await import('@cloudlab/grader/vite-loader')).importThroughVite(cli);
    }
  } else {
    register();
    await import('../src/bin.ts');
  }
}
