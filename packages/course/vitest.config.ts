import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // Fixture labs are graded by the tests, never collected as tests of this package.
    exclude: ['**/node_modules/**', 'test-fixtures/**'],
    pool: 'forks',
    testTimeout: 60_000,
  },
});
