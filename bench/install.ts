// Fresh-install time and node_modules size, against the course's goals (install ≤ 90 s, node_modules ≤ 300 MB).
//   pnpm exec tsx bench/install.ts
//
// What it measures, in a temporary copy of the workspace's manifests and lockfile (no sources needed):
//   1. fresh:  `pnpm install --frozen-lockfile` with an EMPTY store and cache → every tarball comes from
//              the registry, as on a student's first `pnpm install`;
//   2. warm:   the same install into a second copy, from the store the first one filled, `--offline` —
//              the baseline measured in the same run (it is what the network and the machine add on top of);
//   3. size:   bytes of the fresh copy's node_modules, each hard-linked file counted once (what `du` shows).
// Both installs run one after the other; on a shared 2-core machine, expect ±20 %.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const GOALS = { installSeconds: 90, nodeModulesMB: 300 };
const ROOT = join(import.meta.dirname, '..');
const ROOT_FILES = ['package.json', 'pnpm-lock.yaml', 'pnpm-workspace.yaml', '.npmrc'];
const WORKSPACE_GLOBS = ['packages', 'labs'];
const INSTALL_TIMEOUT_MS = 10 * 60_000;

/** Copies the files `pnpm install --frozen-lockfile` reads: root manifests and each workspace package.json. */
function copyManifests(to: string): void {
  for (const file of ROOT_FILES) {
    if (existsSync(join(ROOT, file))) copyFile(file, to);
  }
  copyFile('bench/package.json', to);
  for (const folder of WORKSPACE_GLOBS) {
    for (const entry of readdirSync(join(ROOT, folder))) {
      const manifest = join(folder, entry, 'package.json');
      if (existsSync(join(ROOT, manifest))) copyFile(manifest, to);
    }
  }
}

function copyFile(relative: string, to: string): void {
  mkdirSync(dirname(join(to, relative)), { recursive: true });
  copyFileSync(join(ROOT, relative), join(to, relative));
}

function install(dir: string, store: string, cache: string, offline: boolean): number {
  const args = [
    'install',
    '--frozen-lockfile',
    '--store-dir',
    store,
    '--cache-dir',
    cache,
    '--reporter=silent',
  ];
  if (offline) args.push('--offline');
  const started = performance.now();
  const run = spawnSync('pnpm', args, {
    cwd: dir,
    stdio: ['ignore', 'inherit', 'inherit'],
    timeout: INSTALL_TIMEOUT_MS,
    shell: process.platform === 'win32',
  });
  if (run.status !== 0) throw new Error(`pnpm install failed in ${dir} (exit ${run.status ?? run.signal})`);
  return (performance.now() - started) / 1000;
}

/** Sums file sizes under `dir` without following symlinks, each inode once (pnpm hard-links from its store). */
function diskBytes(dir: string, seen = new Set<string>()): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += diskBytes(path, seen);
    else if (entry.isFile()) {
      const stat = lstatSync(path);
      const key = `${stat.dev}:${stat.ino}`;
      if (!seen.has(key)) {
        seen.add(key);
        total += stat.size;
      }
    }
  }
  return total;
}

const work = mkdtempSync(join(tmpdir(), 'cloudlab install bench '));
try {
  const store = join(work, 'store');
  const cache = join(work, 'cache');
  const fresh = join(work, 'fresh');
  const warm = join(work, 'warm');
  copyManifests(fresh);
  copyManifests(warm);

  process.stdout.write('fresh install (empty store, from the registry)…\n');
  const freshSeconds = install(fresh, store, cache, false);
  process.stdout.write('warm install (filled store, --offline)…\n');
  const warmSeconds = install(warm, store, cache, true);

  const seen = new Set<string>();
  let nodeModules = 0;
  for (const dir of [
    fresh,
    ...WORKSPACE_GLOBS.flatMap((g) => subdirs(join(fresh, g))),
    join(fresh, 'bench'),
  ]) {
    if (existsSync(join(dir, 'node_modules'))) nodeModules += diskBytes(join(dir, 'node_modules'), seen);
  }
  const nodeModulesMB = nodeModules / 1024 ** 2;

  const row = (label: string, value: string, ratio: string) =>
    `${label.padEnd(44)} ${value.padStart(9)}   ${ratio}\n`;
  process.stdout.write('\n');
  process.stdout.write(
    row(
      'fresh install (empty store)',
      `${freshSeconds.toFixed(1)} s`,
      `${(freshSeconds / GOALS.installSeconds).toFixed(2)}× the ${GOALS.installSeconds} s goal`,
    ),
  );
  process.stdout.write(
    row(
      'warm install (same lockfile, filled store)',
      `${warmSeconds.toFixed(1)} s`,
      `baseline; fresh is ${(freshSeconds / warmSeconds).toFixed(1)}× warm`,
    ),
  );
  process.stdout.write(
    row(
      'node_modules (hard links counted once)',
      `${nodeModulesMB.toFixed(0)} MB`,
      `${(nodeModulesMB / GOALS.nodeModulesMB).toFixed(2)}× the ${GOALS.nodeModulesMB} MB goal`,
    ),
  );
  // Where the megabytes go, so a size regression names its package.
  const pnpmDir = join(fresh, 'node_modules', '.pnpm');
  const largest = readdirSync(pnpmDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && entry.name !== 'node_modules')
    .map(({ name }) => ({ name, mb: diskBytes(join(pnpmDir, name)) / 1024 ** 2 }))
    .sort((a, b) => b.mb - a.mb)
    .slice(0, 6);
  process.stdout.write('\nlargest packages:\n');
  for (const { name, mb } of largest) process.stdout.write(`  ${mb.toFixed(0).padStart(4)} MB  ${name}\n`);
  const ok = freshSeconds <= GOALS.installSeconds && nodeModulesMB <= GOALS.nodeModulesMB;
  process.stdout.write(`\n${ok ? 'within both goals' : 'over a goal'}\n`);
} finally {
  rmSync(work, { recursive: true, force: true });
}

function subdirs(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).map((name) => join(dir, name)) : [];
}
