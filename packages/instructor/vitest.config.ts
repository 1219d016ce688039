import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    pool: 'forks',
    // Batch tests grade whole submissions in child processes on a shared 2-core machine.
    testTimeout: 300_000,
    hookTimeout: 600_000,
  },
});
