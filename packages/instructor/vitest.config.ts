import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    pool: 'forks',
    // Batch tests grade whole submissions in child processes on a shared 2-core machine.
    testTimeout: 300_000,
    hookTimeout: 600_000,
    // Batches grade in child processes and sandboxes of their own: one module graph per test worker rather than
    // per file is enough, 555.1 → 513.3 s CPU for the suite (files shuffled, seed 1). A test that changes
    // process.env (PATH) puts it back itself.
    isolate: false,
  },
});
