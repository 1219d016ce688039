/**
 * Loads DuckDB for the S3 Select bench's baseline, installing it on first use.
 *
 * Why not a plain dependency of the bench: DuckDB's native library is 70 MB, a fifth of the whole
 * node_modules, and only this one bench needs it. As a workspace dependency every student's install would
 * carry it (and break the 300 MB install budget). So it lives in its own manifest and lockfile
 * (bench/duckdb-baseline/), outside the workspace, pinned like any other dependency, and this loader runs
 * `pnpm install --frozen-lockfile` there the first time the bench asks for it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const BASELINE_DIR = join(import.meta.dirname, 'duckdb-baseline');
const PACKAGE = '@duckdb/node-api';

/** The part of @duckdb/node-api the bench uses (the package is not on disk when the workspace typechecks). */
export interface DuckdbConnection {
  run(sql: string): Promise<unknown>;
  runAndReadAll(sql: string): Promise<{ getRows(): unknown[][] }>;
  closeSync(): void;
}
export interface DuckdbModule {
  DuckDBInstance: {
    create(
      path: string,
      options: Record<string, string>,
    ): Promise<{ connect(): Promise<DuckdbConnection>; closeSync(): void }>;
  };
}

export async function loadDuckdb(): Promise<DuckdbModule> {
  if (!existsSync(join(BASELINE_DIR, 'node_modules', PACKAGE))) installBaseline();
  const entry = createRequire(join(BASELINE_DIR, 'package.json')).resolve(PACKAGE);
  return (await import(pathToFileURL(entry).href)) as DuckdbModule;
}

function installBaseline(): void {
  console.log('  installing DuckDB for the baseline, once (about 70 MB, into bench/duckdb-baseline/) …');
  const install = spawnSync(
    'pnpm',
    ['install', '--ignore-workspace', '--frozen-lockfile', '--reporter=silent'],
    { cwd: BASELINE_DIR, stdio: 'inherit', shell: process.platform === 'win32' },
  );
  if (install.status !== 0) {
    throw new Error(
      `bench: installing DuckDB failed (exit ${install.status ?? install.signal}); ` +
        `run \`pnpm install --ignore-workspace\` in ${BASELINE_DIR} to see why`,
    );
  }
}
