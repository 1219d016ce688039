#!/usr/bin/env node
// Regenerates every lab's starter/ from its solution/ (BEGIN/END SOLUTION regions become TODO stubs).
//   node scripts/make-starters.mjs            rewrite all starters
//   node scripts/make-starters.mjs --lab 02   only lab 02
//   node scripts/make-starters.mjs --check    change nothing; fail when a starter has drifted (CI)
import { register } from 'tsx/esm/api';
import { argv, chalk, echo, path } from 'zx';

// @cloudlab/course and the lab.ts files are TypeScript; tsx loads them without a build step.
register();
const { diffTree, discoverLabs, exerciseTitles, planStarter, writeTree } = await import('@cloudlab/course');

// CLOUDLAB_COURSE_DIR points at another course folder (the script's own tests use a fixture course).
const repoRoot = process.env.CLOUDLAB_COURSE_DIR ?? path.resolve(import.meta.dirname, '..');
const check = Boolean(argv.check);
const only = argv.lab === undefined ? undefined : String(argv.lab).padStart(2, '0');

// 1. Find the labs.
const labs = (await discoverLabs(repoRoot)).filter((lab) => only === undefined || lab.id === only);
if (labs.length === 0) {
  echo(
    chalk.red(`make-starters: no lab ${only ?? ''} found under labs/ (folders named NN-slug with a lab.ts)`),
  );
  process.exit(2);
}

let drifted = 0;
for (const lab of labs) {
  // 2. Plan the starter from solution/ and lab.ts's exercise titles.
  const { files } = await planStarter(lab.dir, exerciseTitles(lab));
  const starterDir = path.join(lab.dir, 'starter');

  // 3. Write it, or with --check compare it with what is committed.
  if (!check) {
    await writeTree(starterDir, files);
    echo(`${chalk.green('✓')} labs/${lab.folder}/starter (${files.size} files)`);
    continue;
  }
  const drift = await diffTree(starterDir, files);
  const problems = [
    ...drift.changed.map((f) => `differs from its solution: labs/${lab.folder}/starter/${f}`),
    ...drift.missing.map((f) => `missing: labs/${lab.folder}/starter/${f}`),
    ...drift.extra.map((f) => `not generated from solution/: labs/${lab.folder}/starter/${f}`),
  ];
  if (problems.length === 0) {
    echo(`${chalk.green('✓')} labs/${lab.folder}/starter is up to date`);
    continue;
  }
  drifted += 1;
  for (const problem of problems) echo(`${chalk.red('✗')} ${problem}`);
}

// 4. Tell the author how to fix drift.
if (drifted > 0) {
  const lab = only ? ` --lab ${only}` : '';
  echo(
    chalk.red(`make-starters: ${drifted} starter(s) out of date — run: node scripts/make-starters.mjs${lab}`),
  );
  process.exit(1);
}
