import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism, totalmem } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import type { Plugin } from 'vitest/config';
import type { InlineConfig } from 'vitest/node';
import type { LabInfo } from '../labs/discover-labs.ts';
import { defineLabConfig, LAB_DIR_ENV } from '../vitest.js';

/** One lab of a course run, and the folder its `@lab/…` imports resolve to. */
export interface CourseEntry {
  lab: LabInfo;
  codeDir: string;
}

// The one vitest.config.ts a lab can have and still share a Vitest instance with the others: the labs' own
// files in one worker (isolate: false), nothing else changed. Any other config keeps its lab on its own.
const SHAREABLE_CONFIG = [
  "import{defineLabConfig}from'@cloudlab/grader/vitest';",
  'exportdefaultdefineLabConfig(import.meta.dirname,{isolate:false});',
].join('');

/** True when the lab's vitest.config.ts is the shareable one (comments and spacing aside). */
export function canShareVitest(lab: LabInfo): boolean {
  const file = join(lab.dir, 'vitest.config.ts');
  if (!existsSync(file)) return false;
  const code = readFileSync(file, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/^\s*\/\/.*$/gm, '')
    .replace(/\s+/g, '')
    .replaceAll('"', "'");
  return code === SHAREABLE_CONFIG;
}

/**
 * The Vitest settings that run several labs in one instance: what defineLabConfig gives each lab (include,
 * setup file, global setup, time limits, one shared worker), with the `@lab/` alias resolved per importer:
 * a test of labs/03-… gets lab 03's code folder.
 */
export function courseConfig(
  entries: readonly CourseEntry[],
  maxWorkers = defaultCourseWorkers(),
): {
  root: string;
  test: InlineConfig;
  plugin: Plugin;
} {
  const root = commonDir(entries.map((entry) => entry.lab.dir));
  // Each lab's own settings, as its one-line config gives them: the course run takes the time limits and the
  // setup file from them and prefixes each lab's include globs with its folder.
  const labTests = entries.map(({ lab }) => ({
    lab,
    test: (defineLabConfig(lab.dir, { isolate: false }).test ?? {}) as InlineConfig,
  }));
  const include = labTests.flatMap(({ lab, test }) => {
    const dir = relative(root, lab.dir).split(sep).join('/');
    return (test.include ?? []).map((glob) => `${dir}/${glob}`);
  });
  const globalSetup = [...new Set(labTests.flatMap(({ test }) => [test.globalSetup ?? []].flat()))];
  return {
    root,
    plugin: labAliasPlugin(entries),
    test: { ...labTests[0]?.test, include, globalSetup, maxWorkers },
  };
}

/**
 * Test workers of a course run: two where memory allows, so one lab's waits (a waiter polling, a back-off)
 * overlap another lab's work; one on a small machine (a 1 GiB Cloud9), where each worker costs ~150 MB.
 */
export function defaultCourseWorkers(): number {
  return totalmem() >= 4 * 2 ** 30 ? Math.min(2, availableParallelism()) : 1;
}

/**
 * Resolves `@lab/x` to `<codeDir of the importer's lab>/x` (the importer is a lab's test or its code), and
 * reads `process.env.CLOUDLAB_LAB_DIR` in a lab's own files as that lab's code folder: one worker runs every
 * lab, so one environment variable cannot name each lab's folder (a lab's support code reads it at import).
 */
function labAliasPlugin(entries: readonly CourseEntry[]): Plugin {
  const owners = entries
    .flatMap((entry) => [
      { dir: entry.lab.dir, entry },
      { dir: entry.codeDir, entry },
    ])
    // The longest folder first: a submission's code folder may sit inside another lab's folder.
    .sort((a, b) => b.dir.length - a.dir.length);
  return {
    name: 'cloudlab:lab-alias',
    enforce: 'pre',
    // What this plugin resolves and injects depends on the code folders: a module cached on disk
    // (experimental.fsModuleCache) for one set of folders must never serve another (a starter, a solution).
    configureVitest({ experimental_defineCacheKeyGenerator }) {
      const folders = JSON.stringify(owners.map(({ dir, entry }) => [dir, entry.codeDir]));
      experimental_defineCacheKeyGenerator(() => folders);
    },
    async resolveId(source, importer) {
      if (!source.startsWith('@lab/') || !importer) return null;
      const file = importer.split('?')[0] as string;
      const owner = owners.find(({ dir }) => file.startsWith(dir + sep));
      if (!owner) return null;
      return this.resolve(join(owner.entry.codeDir, source.slice('@lab/'.length)), importer, {
        skipSelf: true,
      });
    },
    transform(code, id) {
      if (!code.includes(LAB_DIR_READ) || id.includes('/node_modules/')) return null;
      const owner = owners.find(({ dir }) => id.startsWith(dir + sep));
      return owner
        ? { code: code.replaceAll(LAB_DIR_READ, JSON.stringify(owner.entry.codeDir)), map: null }
        : null;
    },
  };
}

const LAB_DIR_READ = `process.env.${LAB_DIR_ENV}`;

function commonDir(dirs: readonly string[]): string {
  let common = dirs[0] ?? process.cwd();
  while (!dirs.every((dir) => dir === common || dir.startsWith(common + sep))) common = dirname(common);
  return common;
}
