// This entry is plain JavaScript on purpose: Vite loads a lab's vitest.config.ts by bundling it and
// importing every package it names with bare Node, which cannot load TypeScript (Node 20). Keeping this one
// small file in JS lets `vitest run` work in every lab without a loader flag. Types: vitest.d.ts beside it.
import { existsSync } from 'node:fs';
import { isAbsolute, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { DEFAULT_CHECK_TIMEOUT_MS } from './defaults.js';

/** Which folder `@lab/…` imports resolve to: set by the grader to starter/, solution/ or a submission. */
export const LAB_DIR_ENV = 'CLOUDLAB_LAB_DIR';
export const SHARED_WORKER_SETUP = fileURLToPath(
  new URL('./runtime/shared-worker-setup.ts', import.meta.url),
);
/** The setup file that adds this run's canary check to every test file (see runtime/canary-setup.ts). */
export const CANARY_SETUP = fileURLToPath(new URL('./runtime/canary-setup.ts', import.meta.url));

/**
 * Global setups (the embedded emulator) resolve packages as Node does: the `node` condition, and `main` rather
 * than `module`. Vitest's environment for them keeps Vite's server defaults, which prefer `module`: in the AWS
 * SDK that names ES modules in `.js` files of CommonJS packages, which Node cannot load, so Vitest ran ~270
 * @smithy/core modules through Vite's module runner in the grading process, keeping each one's transformed code
 * and source map (~10 MB of its heap). Lab tests (`ssr`) already resolve the Node way.
 */
export const NODE_RESOLVED_ENVIRONMENTS = {
  __vitest__: { resolve: { conditions: ['node', 'development|production'], mainFields: [] } },
};

/** @type {import('./vitest.d.ts').defineLabConfig} */
export function defineLabConfig(labDir, options = {}) {
  const codeDir = process.env[LAB_DIR_ENV] ?? join(labDir, 'solution');
  const include = ['tests/**/*.test.ts'];
  const isolate = options.isolate ?? true;
  if (existsSync(join(labDir, 'hidden'))) include.push('hidden/**/*.test.ts');
  return defineConfig({
    root: labDir,
    resolve: { alias: [{ find: /^@lab\//, replacement: `${codeDir}/` }] },
    plugins: codeDir.startsWith(labDir + sep) ? [] : [packagesFromLab(labDir, codeDir)],
    environments: NODE_RESOLVED_ENVIRONMENTS,
    test: {
      include,
      pool: 'forks',
      // Vitest's error serializer walks an SDK error's HTTP objects and touches OutgoingMessage's deprecated
      // _headers getter, so every check that an SDK error reaches printed DEP0066. Exactly that one is muted.
      execArgv: ['--disable-warning=DEP0066'],
      isolate,
      // A shared worker runs the lab's files one after another: each file gets back the environment it
      // started with (see the setup file).
      setupFiles: isolate ? [CANARY_SETUP] : [SHARED_WORKER_SETUP, CANARY_SETUP],
      // The grader's caller hands in the global setups (e.g. the emulator: awsGrading of @cloudlab/aws-session),
      // in place of these; a lab names its own only for a plain `vitest run` in its folder.
      globalSetup: options.globalSetup ? [options.globalSetup].flat() : [],
      testTimeout: DEFAULT_CHECK_TIMEOUT_MS,
      hookTimeout: 30_000,
      teardownTimeout: 5_000,
    },
  });
}

/**
 * A submission graded from outside the course (`grade 04 --dir ~/work`) has no node_modules above it: the
 * packages its code imports (@cloudlab/s3-select, the SDK) resolve from its lab, as they would inside.
 * @param {string} labDir
 * @param {string} codeDir
 * @returns {import('vite').Plugin}
 */
function packagesFromLab(labDir, codeDir) {
  const anchor = join(labDir, 'package.json');
  /** @param {string} source */
  const bare = (source) =>
    !source.startsWith('.') && !isAbsolute(source) && !source.startsWith('\0') && !source.includes(':');
  return {
    name: 'cloudlab:packages-from-lab',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      if (!importer || !bare(source) || !importer.startsWith(codeDir + sep)) return null;
      const own = await this.resolve(source, importer, { ...options, skipSelf: true });
      if (own && isAbsolute(own.id)) return own;
      return (await this.resolve(source, anchor, { ...options, skipSelf: true })) ?? own;
    },
  };
}
