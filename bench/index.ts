/**
 * `pnpm bench [name…]`: runs the benchmarks one after another, each in its own process so one's memory never
 * skews another's RSS. Every benchmark prints ratios against a baseline measured in its own run.
 * Names: install, emulator, s3-select, grade, sam, labs, batch, sandbox (those present). No name runs all but install,
 * which re-installs the workspace into a scratch folder and takes minutes.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const ALL = ['emulator', 's3-select', 'grade', 'sam', 'labs', 'batch', 'sandbox', 'install'];
const DEFAULT = ALL.filter((name) => name !== 'install');

const [, , ...args] = process.argv;
const names = args.filter((arg) => !arg.startsWith('-'));
const passThrough = args.filter((arg) => arg.startsWith('-'));
const chosen = names.length > 0 ? names : DEFAULT;

let failed = 0;
for (const name of chosen) {
  const file = join(import.meta.dirname, `${name}.ts`);
  if (!ALL.includes(name)) {
    console.error(`bench: unknown benchmark "${name}" — choose from ${ALL.join(', ')}`);
    process.exit(2);
  }
  if (!existsSync(file)) {
    console.log(`\n== ${name}: not present yet (bench/${name}.ts)`);
    continue;
  }
  console.log(`\n== ${name}`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', file, ...passThrough], { stdio: 'inherit' });
  if (run.status !== 0) failed++;
}
process.exitCode = failed === 0 ? 0 : 1;
