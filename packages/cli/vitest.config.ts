import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The dev-check fixtures are tiny courses with test files of their own, graded by the tests, not run here.
    exclude: ['**/node_modules/**', 'test/fixtures/**'],
    // Subprocess tests match plain text; picocolors turns colours on whenever CI is set.
    env: { NO_COLOR: '1' },
    // Tests and hooks spawn the CLI, graders and emulators: seconds when quiet, far more than Vitest's defaults
    // (5 s, 10 s) on CI's 2 cores shared with another lane.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // The tests run the CLI in child processes; the worker's own module graph holds no state a file leaves
    // behind, so one graph per worker rather than per file: 249.5 → 212.1 s CPU for the suite (also with the
    // files shuffled). A test that changes process.env or a module's state puts it back itself.
    isolate: false,
  },
});
