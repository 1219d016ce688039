/**
 * `pnpm bench [name…]`: runs the benchmarks one after another, each in its own process so one's memory never
 * skews another's RSS. Every benchmark prints ratios against a baseline measured in its own run.
 * Names: install, emulator, s3-select, grade, cold-grade, sam, labs, batch, sandbox, mutation, dev-check (those
 * present). No name runs all but install, which re-installs the workspace into a scratch folder and takes minutes,
 * mutation (StrykerJS on every lab: tens of minutes) and dev-check (two dev checks of every lab: tens of minutes).
 * `mutation` takes lab ids after it: `pnpm bench mutation 03 04`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const ALL = [
  'emulator',
  's3-select',
  'grade',
  'cold-grade',
  'sam',
  'labs',
  'batch',
  'sandbox',
  'install',
  'mutation',
  'dev-check',
];
const DEFAULT = ALL.filter((name) => !['install', 'mutation', 'dev-check'].includes(name));

const [, , ...args] = process.argv;
// The names after `mutation` that are not benchmarks are its labs.
const mutationAt = args.indexOf('mutation');
const mutationLabs =
  mutationAt < 0
    ? []
    : args.slice(mutationAt + 1).filter((arg) => !arg.startsWith('-') && !ALL.includes(arg));
const names = args.filter((arg) => !arg.startsWith('-') && !mutationLabs.includes(arg));
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
  const jobArgs = name === 'mutation' ? [...mutationLabs, ...passThrough] : passThrough;
  const run = spawnSync(process.execPath, ['--import', 'tsx', file, ...jobArgs], { stdio: 'inherit' });
  // A job that cannot start (exit 2, e.g. mutation without StrykerJS) says so as the whole run's status.
  if (run.status === 2 && chosen.length === 1) process.exit(2);
  if (run.status !== 0) failed++;
}
process.exitCode = failed === 0 ? 0 : 1;
