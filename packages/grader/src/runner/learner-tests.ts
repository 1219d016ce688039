import { readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { isAbsolute, join, relative } from 'node:path';
import type { Plugin } from 'vite';
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
 * the grader's, not theirs. `labDir` is where the lab's packages resolve from when the folder has none of its
 * own (a submission unpacked outside the course). True when every test passed.
 */
export async function runLearnerTests(codeDir: string, labDir?: string): Promise<boolean> {
  const vitest = await startVitest(
    'test',
    [],
    {
      root: codeDir,
      config: false,
      include: [LEARNER_TEST_PATTERN],
      exclude: ['**/node_modules/**'],
      watch: false,
    },
    labDir ? { plugins: [packagesFrom(labDir)] } : {},
  );
  try {
    const failed = vitest.state.getFiles().some((file) => file.result?.state === 'fail');
    return (
      !failed && vitest.state.getCountOfFailedTests() === 0 && vitest.state.getUnhandledErrors().length === 0
    );
  } finally {
    await vitest.close();
  }
}

/**
 * A package the learner's file imports (`@aws-sdk/client-ssm`, `aws-sdk-client-mock`) resolves from the
 * learner's folder first, as Node would, and else from the lab's, as it does for code inside the course.
 */
function packagesFrom(labDir: string): Plugin {
  const anchor = join(labDir, 'package.json');
  const bare = (source: string) => !source.startsWith('.') && !isAbsolute(source) && !source.startsWith('\0');
  return {
    name: 'cloudlab:packages-from-lab',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      if (!importer || !bare(source)) return null;
      const own = await this.resolve(source, importer, { ...options, skipSelf: true });
      if (own && isAbsolute(own.id)) return own;
      const fromLab = await this.resolve(source, anchor, { ...options, skipSelf: true });
      if (fromLab && isAbsolute(fromLab.id)) return fromLab;
      // Vite leaves a CommonJS package's id bare for Node to load, and Node would look beside the learner's
      // file: hand it the path Node finds from the lab.
      try {
        return { id: createRequire(anchor).resolve(source), external: true };
      } catch {
        return own ?? fromLab;
      }
    },
  };
}
