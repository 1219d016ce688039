import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The dev-check fixtures are tiny courses with test files of their own, graded by the tests, not run here.
    exclude: ['**/node_modules/**', 'test/fixtures/**'],
    // Subprocess tests match plain text; picocolors turns colours on whenever CI is set.
    env: { NO_COLOR: '1' },
  },
});
