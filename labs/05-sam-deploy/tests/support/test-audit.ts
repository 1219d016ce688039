/**
 * Runs the learner's unit test (src/app.test.ts) against their own handler and, once it passes there, against
 * each mutant of it (handler-mutants.ts), in one Vitest child process (test-audit-runner.mjs): the same
 * runner `cloudlab test 05` uses. Each variant is a copy of the learner's src/ whose app.ts is a wrapper
 * around their real handler (learner-app.ts), in a randomly named folder under the lab (so the SDK and
 * aws-sdk-client-mock resolve from the lab's packages, wherever the submission lives).
 *
 * A test that fails against its own handler (the untouched starter, a wrong test) is never run against the
 * mutants: every check that reads them stops at that failure first. The child's CPU against one `vitest run`
 * of the 5 files (medians of alternating runs, 2 cores shared with other work): the starter's audit 3.95 s to
 * 1.28 s on Node 20 (-68 %, 5 runs each) and 3.05 s to 1.38 s on Node 24 (-55 %); the solution's, whose test
 * passes (two runs in one Vitest), 3.71 s to 3.64 s on Node 20 (17 runs) and 2.99 s to 3.00 s on Node 24 (7):
 * the same within noise.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cachedByContent } from '@cloudlab/grader';
import { MUTANTS, type MutantName } from './handler-mutants.ts';
import { codeDir } from './lab.ts';

export const LEARNER_TEST = 'src/app.test.ts';

export interface VariantRun {
  /** Tests that passed and failed, by full name; a file that could not load counts in loadError. */
  passed: string[];
  failed: { name: string; message: string }[];
  loadError?: string;
}

export type Audit =
  | { missing: true }
  | { missing: false; own: VariantRun; mutants: Record<MutantName, VariantRun> };

/** Whether the learner's test passes against their own handler: the mutants' runs mean nothing otherwise. */
export function passes(own: VariantRun): boolean {
  return !own.loadError && own.failed.length === 0 && own.passed.length > 0;
}

/** A mutant's run when the learner's test failed against their own handler: never read by a check. */
const NOT_RUN: VariantRun = {
  passed: [],
  failed: [],
  loadError: 'not run: your test fails against your own handler',
};

const labDir = join(import.meta.dirname, '..', '..');
// Five short files; minutes only on a machine whose cores are all busy (a grading server under load).
const RUN_TIMEOUT_MS = 300_000;

let audit: Promise<Audit> | undefined;

/** One audit per grading run: every check of exercise 3 reads the same results. */
export function auditLearnerTest(): Promise<Audit> {
  audit ??= runAudit();
  return audit;
}

const RUNNER = join(import.meta.dirname, 'test-audit-runner.mjs');

async function runAudit(): Promise<Audit> {
  if (!existsSync(join(codeDir, LEARNER_TEST)) || !existsSync(join(codeDir, 'src', 'app.ts'))) {
    return { missing: true };
  }
  // A cold Vitest costs seconds of CPU; `cloudlab dev check` grades dozens of variants of lab 05 whose src/ is
  // often the solution's, byte for byte (a template mistake): it reuses the audit of identical inputs. Never in
  // a learner's grade (see cachedByContent).
  const inputs = auditInputs();
  return inputs ? cachedByContent('lab05-test-audit', inputs, runVariants) : runVariants();
}

/**
 * Everything an audit's result depends on, as bytes: this file, its runner and the mutants (the audit's own
 * code), the learner's src/ as the audit copies it (paths and contents). Undefined for a src/ holding anything
 * but plain files and folders (a link could point anywhere): such an audit always runs.
 */
function auditInputs(): (string | Buffer)[] | undefined {
  const inputs: (string | Buffer)[] = [
    readFileSync(import.meta.filename),
    readFileSync(RUNNER),
    readFileSync(join(import.meta.dirname, 'handler-mutants.ts')),
  ];
  return addTree(join(codeDir, 'src'), '', inputs) ? inputs : undefined;
}

/** Adds the folder's entries in name order (node_modules left out, as writeVariant does); false on a link. */
function addTree(dir: string, path: string, inputs: (string | Buffer)[]): boolean {
  const entries = readdirSync(join(dir, path), { withFileTypes: true }).sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  );
  for (const entry of entries) {
    if (entry.name === 'node_modules') continue;
    const child = join(path, entry.name);
    if (entry.isDirectory()) {
      inputs.push(`dir ${child}`);
      if (!addTree(dir, child, inputs)) return false;
    } else if (entry.isFile()) inputs.push(`file ${child}`, readFileSync(join(dir, child)));
    else return false;
  }
  return true;
}

async function runVariants(): Promise<Audit> {
  const root = join(labDir, '.cloudlab', `test-audit-${randomBytes(6).toString('hex')}`);
  const names = ['own', ...Object.keys(MUTANTS)] as ('own' | MutantName)[];
  const folders = new Map(names.map((name) => [name, randomBytes(6).toString('hex')]));
  try {
    for (const [name, folder] of folders) writeVariant(join(root, folder), name);
    const testFile = (name: 'own' | MutantName) => join(root, folders.get(name) as string, LEARNER_TEST);
    const report = await runVitest(root, testFile('own'), names.slice(1).map(testFile));
    const byFolder = (folder: string) => report.testResults.find((r) => r.name.includes(`/${folder}/`));
    const own = summarise(byFolder(folders.get('own') as string));
    const mutants = Object.fromEntries(
      [...folders]
        .filter(([name]) => name !== 'own')
        .map(([name, folder]) => [name, passes(own) ? summarise(byFolder(folder)) : NOT_RUN]),
    ) as Record<MutantName, VariantRun>;
    return { missing: false, own, mutants };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

function writeVariant(dir: string, name: 'own' | MutantName): void {
  mkdirSync(dir, { recursive: true });
  cpSync(join(codeDir, 'src'), join(dir, 'src'), {
    recursive: true,
    filter: (source) => !source.split(/[\\/]/).includes('node_modules'),
  });
  const src = join(dir, 'src');
  writeFileSync(join(src, 'learner-app.ts'), readFileSync(join(src, 'app.ts')));
  const mutants = join(import.meta.dirname, 'handler-mutants.ts');
  writeFileSync(
    join(src, 'app.ts'),
    name === 'own'
      ? "export * from './learner-app.ts';\n"
      : [
          `import { MUTANTS } from ${JSON.stringify(mutants)};`,
          "import { handler as learnerHandler } from './learner-app.ts';",
          `export const handler = MUTANTS[${JSON.stringify(name)}](learnerHandler);`,
          '',
        ].join('\n'),
  );
}

/** What test-audit-runner.mjs writes: the fields of Vitest's JSON report that the audit reads. */
interface JsonReport {
  testResults: JsonFileResult[];
}

interface JsonFileResult {
  name: string;
  status: string;
  message?: string;
  assertionResults: { fullName: string; status: string; failureMessages: string[] }[];
}

function summarise(file: JsonFileResult | undefined): VariantRun {
  if (!file) return { passed: [], failed: [], loadError: 'Vitest did not run the test file' };
  const passed = file.assertionResults.filter((t) => t.status === 'passed').map((t) => t.fullName);
  const failed = file.assertionResults
    .filter((t) => t.status === 'failed')
    .map((t) => ({ name: t.fullName, message: firstLine(t.failureMessages.join('\n')) }));
  const loadError =
    file.status === 'failed' && file.assertionResults.length === 0
      ? firstLine(file.message ?? 'failed')
      : undefined;
  return { passed, failed, ...(loadError ? { loadError } : {}) };
}

const firstLine = (text: string) =>
  text
    .split('\n')
    .find((line) => line.trim() !== '')
    ?.trim() ?? text;

/** Runs the runner in the audit folder; it asks, over IPC, whether the own run passed before the mutants. */
function runVitest(root: string, ownTest: string, mutantTests: string[]): Promise<JsonReport> {
  const out = join(root, 'report.json');
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        // Each of the 5 threads mostly loads and runs code once (Vitest, the SDK, sinon), so Turbofan's
        // optimising compiles never pay back: capping V8 at Sparkplug cut the audit's CPU from 4.8 s to 3.9 s
        // on Node 20 (-19 %, median of 7 alternating runs) and changed little on Node 24 (3.6 s to 3.4 s, -1 to -6 %),
        // whose Maglev tier already optimises cheaply. Same code, same results; only a CPU-bound test slows.
        '--max-opt=1',
        RUNNER,
        root,
        out,
        ownTest,
        ...mutantTests,
      ],
      {
        cwd: root,
        // The learner's test mocks SSM; region and keys only keep an unmocked client from looking for them.
        env: {
          PATH: process.env.PATH ?? '',
          AWS_REGION: 'us-east-1',
          AWS_ACCESS_KEY_ID: 'test',
          AWS_SECRET_ACCESS_KEY: 'test',
          NO_COLOR: '1',
        },
        stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      },
    );
    child.on('message', (message: { own?: JsonFileResult }) => {
      // A failed send means the child is gone: its exit, below, says why.
      child.send({ runMutants: passes(summarise(message.own)) }, () => {});
    });
    let output = '';
    // Piped as the tuple above says; the IPC entry only widens the streams' type to nullable.
    child.stdout?.on('data', (chunk) => (output += chunk));
    child.stderr?.on('data', (chunk) => (output += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), RUN_TIMEOUT_MS);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (!existsSync(out)) {
        const why =
          signal === 'SIGKILL'
            ? `did not finish within ${RUN_TIMEOUT_MS / 1000} s`
            : `exited ${code ?? signal}`;
        reject(new Error(`Vitest running your test ${why} without a report:\n${output.slice(-2000)}`));
        return;
      }
      resolve(JSON.parse(readFileSync(out, 'utf8')) as JsonReport);
    });
  });
}
