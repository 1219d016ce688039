/**
 * Generates a synthetic class of submissions from a real lab's solution/ and starter generator — never
 * hand-copied, so the class follows the lab as it changes. Each learner is one behaviour the batch must
 * survive, with the grade band and flags it should end with. Write it to a temp folder, not the repo:
 * some fixtures hold a hard-coded key on purpose.
 *
 *   pnpm exec tsx tests/e2e/instructor/make-fixture-class.ts OUT [NN-slug]
 */

import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { discoverLabs, exerciseTitles, planStarter, resolveLab } from '@cloudlab/course';
import { type RawZipEntry, rawZip } from './raw-zip.ts';

export type Band = 'full' | 'partial' | 'zero';

export interface ExpectedLearner {
  band: Band;
  flags: string[];
}

export interface FixtureClass {
  dir: string;
  lab: string;
  /** Learners that must be graded, with their grade band and the flags that must be raised. */
  graded: Record<string, ExpectedLearner>;
  /** Entries that must be refused before grading, with their flag. */
  refused: Record<string, string>;
}

/** A fake long-term key id in AKIA + 16 base32 characters: what lab 01's scanner and the batch look for. */
const FAKE_KEY_ID = ['AKIA', 'Z7XQ4RB3HD2K5N6M'].join('');

type Files = Map<string, string>;

async function readTree(dir: string, prefix = ''): Promise<Files> {
  const files: Files = new Map();
  for (const entry of await readdir(join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) for (const [k, v] of await readTree(dir, rel)) files.set(k, v);
    else files.set(rel, await readFile(join(dir, rel), 'utf8'));
  }
  return files;
}

async function writeTree(dir: string, files: Files): Promise<void> {
  for (const [rel, text] of files) {
    await mkdir(dirname(join(dir, rel)), { recursive: true });
    await writeFile(join(dir, rel), text);
  }
}

/** Inserts `code` right after the `BEGIN SOLUTION n` marker of exercise n's file. */
function inject(files: Files, file: string, n: number, code: string): Files {
  const copy = new Map(files);
  const text = copy.get(file);
  if (!text) throw new Error(`no ${file} in the lab's solution`);
  const lines = text.split('\n');
  const at = lines.findIndex((line) => line.trim() === `// BEGIN SOLUTION ${n}`);
  if (at < 0) throw new Error(`${file} has no BEGIN SOLUTION ${n} marker`);
  const indent = /^\s*/.exec(lines[at]!)![0];
  lines.splice(at + 1, 0, ...code.split('\n').map((line) => indent + line));
  copy.set(file, lines.join('\n'));
  return copy;
}

export async function makeFixtureClass(
  courseRoot: string,
  labFolder: string,
  target: string,
): Promise<FixtureClass> {
  const lab = resolveLab(await discoverLabs(courseRoot), labFolder);
  const labDir = lab.dir;
  const meta = lab.definition;
  const titles = exerciseTitles(lab);
  const fileOf = (n: number) => meta.exercises.find((exercise) => exercise.n === n)!.file;
  const solution = await readTree(join(labDir, 'solution'));
  const starter = (await planStarter(labDir, titles)).files;
  const partial = (await planStarter(labDir, titles, { only: meta.exercises[0]!.n })).files;
  const tests = await readTree(join(labDir, 'tests'));
  const [first, second, third] = meta.exercises.map((exercise) => exercise.n) as [number, number, number];

  await rm(target, { recursive: true, force: true });
  await mkdir(target, { recursive: true });
  const asStudentCopy = async (learner: string, code: Files, testFiles: Files = tests) => {
    await writeTree(join(target, learner, 'labs', labFolder, 'starter'), code);
    await writeTree(join(target, learner, 'labs', labFolder, 'tests'), testFiles);
  };
  const asLabFolder = (learner: string, code: Files) =>
    writeTree(join(target, learner, labFolder, 'starter'), code);

  // Full marks, handed in as a zip of a folder (the usual LMS download), with one symlink entry in it.
  const zipEntries: RawZipEntry[] = [...solution].map(([rel, text]) => ({
    name: `full-marks/labs/${labFolder}/starter/${rel}`,
    data: Buffer.from(text),
  }));
  zipEntries.push({ name: 'full-marks/link-to-passwd', data: Buffer.from('/etc/passwd'), mode: 0o120777 });
  await writeFile(join(target, 'full-marks.zip'), rawZip(zipEntries));

  await asLabFolder(
    'partial',
    new Map([...partial, ['config.ts', `export const accessKeyId = '${FAKE_KEY_ID}';\n`]]),
  );
  await writeTree(join(target, 'empty', labFolder), starter);
  await asStudentCopy(
    'syntax-error',
    new Map([...solution, [fileOf(second), `${solution.get(fileOf(second))}\nexport const = ;\n`]]),
  );
  // Blocks the check's thread for good, as `while (true) {}` does, but asleep: the watchdog stops it the same
  // way without the loop burning a core of the test machine until each hung check's time limit.
  await asLabFolder(
    'infinite-loop',
    inject(solution, fileOf(third), third, 'Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);'),
  );
  await asLabFolder(
    'process-exit',
    new Map([...solution, [fileOf(first), `process.exit(0);\n${solution.get(fileOf(first))}`]]),
  );
  // One learner for the files a grader must not be fooled by: a module that reads the solution and the hidden
  // tests, a symlink pointing out of the submission and a FIFO (reading one would block forever).
  await asLabFolder(
    'reads-solution',
    new Map([
      ...starter,
      [
        'peek.ts',
        "import { readFileSync } from 'node:fs';\n" +
          "export const peek = () => readFileSync(new URL('../../solution/whoami.ts', import.meta.url), 'utf8');\n" +
          "export const peekHidden = () => readFileSync(new URL('../../hidden/extra.test.ts', import.meta.url), 'utf8');\n",
      ],
    ]),
  );
  await symlink('/etc/passwd', join(target, 'reads-solution', labFolder, 'starter', 'passwd.ts'));
  execFileSync('mkfifo', [join(target, 'reads-solution', labFolder, 'starter', 'pipe.ts')]);
  // One learner for what the learner's own run must not reach the grade or the results: tests edited to always
  // pass (the course's tests grade it), and the environment, secret key included, printed to the output.
  const [testFile] = [...tests.keys()].filter((rel) => rel.endsWith('.test.ts'));
  await asStudentCopy(
    'prints-env',
    inject(solution, fileOf(first), first, 'console.log(JSON.stringify(process.env));'),
    new Map([...tests, [testFile!, "import { test } from 'vitest';\ntest('always passes', () => {});\n"]]),
  );

  // Refused before grading.
  await writeFile(join(target, 'EMPTY.zip'), rawZip([{ name: `${labFolder}/x.ts`, data: Buffer.from('') }]));
  await mkdir(join(target, 'bad id!'));
  await writeFile(
    join(target, 'zip-slip.zip'),
    rawZip([{ name: `../../escaped-${Date.now()}.txt`, data: Buffer.from('outside') }]),
  );
  await writeFile(
    join(target, 'zip-bomb.zip'),
    rawZip([{ name: `${labFolder}/bomb.ts`, data: Buffer.alloc(12 * 1024 * 1024), deflate: true }]),
  );

  return {
    dir: target,
    lab: labFolder,
    graded: {
      'full-marks': { band: 'full', flags: ['symlink'] },
      partial: { band: 'partial', flags: ['hard-coded-key'] },
      empty: { band: 'zero', flags: [] },
      'syntax-error': { band: 'partial', flags: [] },
      'infinite-loop': { band: 'partial', flags: [] },
      'process-exit': { band: 'partial', flags: [] },
      'reads-solution': { band: 'zero', flags: ['reads-grader-files', 'symlink', 'unreadable-file'] },
      'prints-env': { band: 'full', flags: ['tampered-tests', 'leaked-secret'] },
    },
    refused: {
      EMPTY: 'duplicate-learner',
      'bad id!': 'bad-learner-id',
      'zip-slip': 'unsafe-submission',
      'zip-bomb': 'unsafe-submission',
    },
  };
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const [out, lab = '01-managed-credentials'] = process.argv.slice(2);
  if (!out) throw new Error('usage: make-fixture-class.ts OUT [NN-slug]');
  const courseRoot = resolve(import.meta.dirname, '../../..');
  if (!existsSync(join(courseRoot, 'labs', lab))) throw new Error(`no labs/${lab}`);
  const made = await makeFixtureClass(courseRoot, lab, resolve(out));
  console.log(
    `fixture class for ${lab} in ${made.dir}: ${Object.keys(made.graded).length} graded, ${Object.keys(made.refused).length} refused`,
  );
}
