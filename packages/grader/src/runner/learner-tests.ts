import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { startVitest } from 'vitest/node';

/** The learner's own tests: `*.test.ts` files beside their code, never the course's `tests/`. */
export const LEARNER_TEST_PATTERN = '**/*.test.ts';

/** The learner's test files under `codeDir` (relative to it), node_modules left out. */
export async function learnerTestFiles(codeDir: string): Promise<string[]> {
  const entries = await readdir(codeDir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.test.ts'))
    .map((entry) => relative(codeDir, join(entry.parentPath, entry.name)))
    .filter((file) => !file.split(/[\\/]/).includes('node_modules'))
    .sort();
}

/**
 * Runs the learner's own unit tests (`cloudlab test NN`) with Vitest's usual output. Rooted at their code
 * folder with no config file: the lab's vitest.config.ts (the course's checks, the canary, the emulator) is
 * the grader's, not theirs. True when every test passed.
 */
export async function runLearnerTests(codeDir: string): Promise<boolean> {
  const vitest = await startVitest('test', [], {
    root: codeDir,
    config: false,
    include: [LEARNER_TEST_PATTERN],
    exclude: ['**/node_modules/**'],
    watch: false,
  });
  try {
    const failed = vitest.state.getFiles().some((file) => file.result?.state === 'fail');
    return (
      !failed && vitest.state.getCountOfFailedTests() === 0 && vitest.state.getUnhandledErrors().length === 0
    );
  } finally {
    await vitest.close();
  }
}
