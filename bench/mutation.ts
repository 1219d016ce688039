/**
 * Mutation testing of each lab's grading suite against its reference solution, with StrykerJS: Stryker mutates
 * the solution's `BEGIN SOLUTION`/`END SOLUTION` regions and runs the lab's tests/ through the lab's own
 * vitest.config.ts, which (with CLOUDLAB_LAB_DIR unset, as in `cloudlab grade NN --solution`) points `@lab/*` at
 * the solution/ folder of the sandbox copy Stryker makes of the lab. Per-test coverage: each mutant runs only
 * the checks that reach it. Prints each lab's score and writes the undetected mutants to .cloudlab/mutation/.
 * Listed equivalents (labs/NN-slug/mutation-equivalents.yaml) leave the score; a stale entry fails the run.
 * Slow (minutes per lab): not part of CI, where `cloudlab dev check` replays each lab's misconceptions.
 * Stryker rewrites the lab's tsconfig.json in its sandbox through TypeScript's JavaScript API, which the course's
 * TypeScript 7 (native) no longer has: the root package.json gives Stryker a TypeScript 5.9 of its own
 * (pnpm.packageExtensions). Without it every run stopped at "ts.parseConfigFileTextToJson is not a function".
 * One embedded emulator serves the whole run; each lab's solution must first score full marks against it.
 *
 * Incremental: a run reuses the previous run's verdicts (.cloudlab/mutation/<lab>.incremental.json) for mutants
 * whose code and covering test files did not change; `--full` retests every mutant (do that after editing
 * tests/support/, which Stryker's diff does not see).
 *
 * Run: pnpm bench mutation [lab…] [--concurrency=2] [--full] [--timeout-ms=5000] [--only=file.ts,…]
 * (no lab: every lab; exit 2 when Stryker cannot start). A Timeout counts as detected, and on a loaded machine a
 * check that is merely slow times out: raise --timeout-ms there. `--only` mutates only those files of solution/
 * (or lines: file.ts:27-64) and keeps the other verdicts from the previous run (with --full: retests just those).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { awsGrading } from '@cloudlab/aws-session/grading';
import { startProcessEmulator } from '@cloudlab/aws-session/vitest-setup';
import { discoverLabs, type LabInfo, resolveLab } from '@cloudlab/course';
import { gradeLab } from '@cloudlab/grader/node';
import { type Mutant, matchEquivalents, readEquivalents } from './mutation-equivalents.ts';
import { solutionRegions } from './mutation-regions.ts';
import { countMutants, formatCounts, survivorsReport } from './mutation-report.ts';

const ROOT = join(import.meta.dirname, '..');
// In the course's scratch folder, which lab 01's key scanner skips: Stryker's reports quote the checks' fake keys.
const OUT = join(ROOT, '.cloudlab/mutation');

function cannotStart(message: string): never {
  console.error(`mutation: ${message}`);
  process.exit(2);
}

const args = process.argv.slice(2);
const concurrency = Number(
  /^--concurrency=(\d+)$/.exec(args.find((a) => a.startsWith('--concurrency=')) ?? '')?.[1] ?? 2,
);
const full = args.includes('--full');
// Stryker's own default: a mutant's checks get their unmutated time × 1.5 plus this many milliseconds.
const timeoutMS = Number(
  /^--timeout-ms=(\d+)$/.exec(args.find((a) => a.startsWith('--timeout-ms=')) ?? '')?.[1] ?? 5000,
);
// Files of solution/, or Stryker ranges in them (file.ts:27-64): what `--only` retests.
const only = args
  .find((a) => a.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',')
  .filter(Boolean);

/** Stryker's `mutate`: the marker regions; with --only, the regions of the files it names and the ranges it gives. */
function mutatePatterns(labDir: string): string[] {
  const regions = solutionRegions(labDir);
  if (!only) return regions;
  return only.flatMap((item) =>
    item.includes(':') ? [`solution/${item}`] : regions.filter((p) => p.startsWith(`solution/${item}:`)),
  );
}
const queries = args.filter((arg) => !arg.startsWith('-'));

const require = createRequire(import.meta.url);
let Stryker: typeof import('@stryker-mutator/core').Stryker;
let vitestRunner: string;
try {
  ({ Stryker } = await import('@stryker-mutator/core'));
  vitestRunner = require.resolve('@stryker-mutator/vitest-runner');
} catch (error) {
  cannotStart(
    `StrykerJS is not installed (${(error as Error).message.split('\n')[0]}): run \`pnpm install\` at the repository root (bench's devDependencies)`,
  );
}

const all = await discoverLabs(ROOT);
let labs: LabInfo[];
try {
  labs = queries.length > 0 ? queries.map((query) => resolveLab(all, query)) : all;
} catch (error) {
  cannotStart((error as Error).message);
}

// A plain `vitest run` in a lab's folder starts no emulator (the grader's caller hands in that global setup), and
// Stryker runs exactly that. So this process starts one and exports it (AWS_ENDPOINT_URL …) before Stryker
// spawns its test runners, which inherit the variables. Without it every check's setup fails, the checks are
// skipped, and Stryker — seeing no failed test — reports every mutant survived.
// As the CLI does: the SDK's "Node 22 soon" warning would repeat in every test runner Stryker starts.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const stopEmulator = await startProcessEmulator();
let failed = false;
mkdirSync(OUT, { recursive: true });
for (const lab of labs) {
  const name = `${lab.id}-${lab.slug}`;
  console.log(`\n-- lab ${name}`);
  const equivalents = readEquivalents(lab.dir);
  if (mutatePatterns(lab.dir).length === 0)
    cannotStart(
      only
        ? `--only=${only.join(',')} names no file of lab ${name}'s solution/ with a BEGIN SOLUTION region (give paths relative to solution/, such as query-errors.ts)`
        : `lab ${name}'s solution/ has no BEGIN SOLUTION region to mutate`,
    );
  await requireFullMarks(lab, name);
  const started = performance.now();
  let mutants: Mutant[];
  try {
    mutants = await mutate(lab);
  } catch (error) {
    cannotStart(
      `lab ${name} cannot be mutation-tested: its solution does not build or does not pass its own tests (${(error as Error).message.split('\n')[0]}); run \`pnpm -s cloudlab grade ${lab.id} --solution\``,
    );
  }
  const seconds = Math.round((performance.now() - started) / 1000);
  const { equivalent, problems } = matchEquivalents(lab.dir, equivalents, mutants);
  const counts = countMutants(mutants, equivalent);
  const report = join(OUT, `${name}.md`);
  writeFileSync(report, survivorsReport(name, join(lab.dir, 'solution'), mutants, equivalent, counts));
  console.log(`lab ${lab.id}: ${formatCounts(counts)} — ${mutants.length} mutants in ${seconds} s`);
  console.log(`  undetected mutants: ${report}`);
  for (const problem of problems) console.error(`  ✗ ${problem}`);
  if (problems.length > 0) failed = true;
}
await stopEmulator();
process.exitCode = failed ? 1 : 0;

/**
 * The reference solution must score full marks against the emulator this run uses before its mutants mean
 * anything: a check whose setup fails is skipped, not failed, and a skipped check kills no mutant.
 */
async function requireFullMarks(lab: LabInfo, name: string): Promise<void> {
  const result = await gradeLab(lab, { ...awsGrading, variant: 'solution' });
  if (result.maxScore > 0 && result.score === result.maxScore) return;
  const missed = result.checks
    .filter((check) => check.status !== 'passed')
    .map((check) => `${check.title}: ${check.status}${check.message ? ` — ${check.message}` : ''}`);
  await stopEmulator();
  cannotStart(
    `lab ${name} cannot be mutation-tested: its solution scores ${result.score}/${result.maxScore} (${[...result.errors, ...missed].slice(0, 3).join('; ') || 'no checks ran'}); run \`pnpm -s cloudlab grade ${lab.id} --solution\``,
  );
}

/** One Stryker run in the lab's folder: its sandbox (.stryker-tmp/) is made there and removed afterwards. */
async function mutate(lab: LabInfo): Promise<Mutant[]> {
  process.chdir(lab.dir);
  const stryker = new Stryker({
    testRunner: 'vitest',
    plugins: [vitestRunner],
    vitest: { configFile: 'vitest.config.ts' },
    mutate: mutatePatterns(lab.dir),
    timeoutMS,
    coverageAnalysis: 'perTest',
    concurrency,
    reporters: [process.stdout.isTTY ? 'progress' : 'progress-append-only'],
    tempDirName: '.stryker-tmp',
    cleanTempDir: true,
    incremental: true,
    incrementalFile: join(OUT, `${lab.id}-${lab.slug}.incremental.json`),
    force: full,
    // Stryker types log levels as a const enum, which isolated modules cannot import: these are its values.
    logLevel: 'warn' as never,
    fileLogLevel: 'off' as never,
  });
  // The grader sets CLOUDLAB_LAB_DIR for a submission; unset, the lab's config resolves `@lab` to solution/.
  delete process.env.CLOUDLAB_LAB_DIR;
  return (await stryker.runMutationTest()) as Mutant[];
}
