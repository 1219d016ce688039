import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Fixture labs are graded by the tests, never collected as tests of this package.
    exclude: ['**/node_modules/**', 'test/fixtures/**'],
    pool: 'forks',
    testTimeout: 60_000,
    // A hook that opens a grader or grades a lab (a Vitest start, a worker, an emulator) takes seconds on a quiet
    // machine and can take far more than Vitest's default 10 s on CI's 2 cores shared with another lane.
    hookTimeout: 120_000,
    // The graders the tests open run the labs' checks in workers of their own: one module graph per test worker
    // rather than per file is enough here, 162.8 → 137.8 s CPU for the suite (also with the files shuffled).
    // A test that changes process.env (TMPDIR, a probe variable) puts it back itself.
    isolate: false,
  },
});
