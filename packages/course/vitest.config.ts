import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // Fixture labs are graded by the tests, never collected as tests of this package.
    exclude: ['**/node_modules/**', 'test-fixtures/**'],
    pool: 'forks',
    testTimeout: 60_000,
    // Hooks start emulators and graders: seconds when quiet, more than Vitest's default 10 s under CI's load.
    hookTimeout: 120_000,
  },
});
