import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig, type ViteUserConfig } from 'vitest/config';
import { DEFAULT_CHECK_TIMEOUT_MS } from '../authoring/check-meta.ts';
import { DEFAULT_GLOBAL_SETUP, resolveExportedFile } from './resolve-global-setup.ts';

/** Which folder `@lab/…` imports resolve to: set by the grader to starter/, solution/ or a submission. */
export const LAB_DIR_ENV = 'CLOUDLAB_LAB_DIR';

export interface LabConfigOptions {
  /**
   * Global setup module(s) (package specifiers or paths). Default: `@cloudlab/aws-session/vitest-setup`,
   * which starts the embedded emulator and exports the AWS environment to the workers, used only when that
   * package provides it. `false` runs without one (labs that call no AWS API).
   */
  globalSetup?: string | string[] | false;
}

/** The Vitest config of one lab (labs/NN-slug/vitest.config.ts): `defineLabConfig(import.meta.dirname)`. */
export function defineLabConfig(labDir: string, options: LabConfigOptions = {}): ViteUserConfig {
  const codeDir = process.env[LAB_DIR_ENV] ?? join(labDir, 'solution');
  const include = ['tests/**/*.test.ts'];
  if (existsSync(join(labDir, 'hidden'))) include.push('hidden/**/*.test.ts');
  return defineConfig({
    root: labDir,
    resolve: { alias: [{ find: /^@lab\//, replacement: `${codeDir}/` }] },
    test: {
      include,
      pool: 'forks',
      globalSetup: resolveGlobalSetup(labDir, options.globalSetup),
      testTimeout: DEFAULT_CHECK_TIMEOUT_MS,
      hookTimeout: 30_000,
      teardownTimeout: 5_000,
    },
  });
}

function resolveGlobalSetup(labDir: string, option: LabConfigOptions['globalSetup']): string[] {
  if (option === false) return [];
  if (option !== undefined) return Array.isArray(option) ? option : [option];
  const file = resolveExportedFile(DEFAULT_GLOBAL_SETUP, labDir);
  return file ? [file] : [];
}
