#!/usr/bin/env node
// Students never run a build step: tsx compiles the TypeScript sources on the fly.
import { register } from 'tsx/esm/api';

const [command, ...rest] = process.argv.slice(2);
const asksForHelp = rest.some((word) => word === '--help' || word === '-h');

if (command === 'emulator' && !asksForHelp) {
  // A long-running server on plain node from an esbuild bundle: ~55 MB idle instead of ~100 MB under tsx
  // (bench/emulator.ts). Help goes through the CLI so it reads like every other command's.
  const { runEmulator } = await import('@cloudlab/emulator/standalone');
  await runEmulator(rest);
} else {
  // Commands that run Vitest load it before tsx's hooks exist: about 160 MB less RSS (see the preload file).
  const RUNS_VITEST = new Set(['grade', 'watch', 'dev', 'hint']);
  if (process.argv.slice(2).some((word) => RUNS_VITEST.has(word))) await import('@cloudlab/grader/preload');
  register();
  await import('../src/bin.ts');
}
