/**
 * The static half of `cloudlab dev check` (rustlings' `dev check` is the model): what can be checked
 * without running a test — layout, stray files, metadata against folder names, markers, starter drift.
 * Each problem is one sentence naming the file and, where there is one, the command that fixes it.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { LabDefinition } from '@cloudlab/grader';
import { diffTree, planStarter, type StarterPlan } from '../starter/starter-tree.ts';

/** What may sit at the top of a lab folder (see docs/lab-format.md). */
export const LAB_ENTRIES = new Set([
  'README.md',
  'lab.ts',
  'solution',
  'starter',
  'tests',
  'hidden',
  'fixtures',
  'scripts',
  'package.json',
  'tsconfig.json',
  'vitest.config.ts',
  'biome.json',
  'tests.sha256',
  'node_modules',
  '.cloudlab',
  // turbo's per-package run logs (gitignored), present whenever the lab ran under `pnpm test`.
  '.turbo',
  // One file per plausible wrong answer (see docs/lab-format.md), graded by dev check.
  'misconceptions',
  // The reviewed equivalent mutants of `pnpm bench mutation`, and Stryker's sandbox while that runs (gitignored).
  'mutation-equivalents.yaml',
  '.stryker-tmp',
]);
const REQUIRED = [
  'README.md',
  'lab.ts',
  'solution',
  'tests',
  'package.json',
  'tsconfig.json',
  'vitest.config.ts',
];

const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  );

/** The problems of one lab, empty when it is well-formed. */
export async function lintLab(
  lab: { dir: string; folder: string },
  meta: Pick<LabDefinition, 'id' | 'slug' | 'exercises'>,
): Promise<string[]> {
  const problems: string[] = [];
  const where = `labs/${lab.folder}`;

  for (const entry of REQUIRED) {
    if (!(await exists(join(lab.dir, entry)))) problems.push(`${where}/${entry} is missing`);
  }
  for (const entry of await readdir(lab.dir)) {
    if (!LAB_ENTRIES.has(entry))
      problems.push(
        `${where}/${entry} is a stray file: move it into solution/, fixtures/ or scripts/, or delete it`,
      );
  }
  const readme = await readFile(join(lab.dir, 'README.md'), 'utf8').catch(() => undefined);
  if (readme !== undefined && readme.trim().length === 0)
    problems.push(`${where}/README.md is empty: write the chapter`);

  if (`${meta.id}-${meta.slug}` !== lab.folder) {
    problems.push(
      `${where}/lab.ts declares id "${meta.id}" and slug "${meta.slug}", but the folder is ${lab.folder}`,
    );
  }
  const pkg = JSON.parse(await readFile(join(lab.dir, 'package.json'), 'utf8').catch(() => '{}'));
  if (pkg.name !== `@cloudlab/lab-${lab.folder}`) {
    problems.push(`${where}/package.json is named "${pkg.name}", expected "@cloudlab/lab-${lab.folder}"`);
  }
  if (!pkg.scripts?.test)
    problems.push(
      `${where}/package.json has no "test" script: add "test": "node ../../packages/cli/bin/cloudlab.js grade ${meta.id} --solution" (grades the solution against the embedded emulator)`,
    );

  const numbers = meta.exercises.map((exercise) => exercise.n);
  for (const n of new Set(numbers.filter((n, i) => numbers.indexOf(n) !== i))) {
    problems.push(`${where}/lab.ts declares exercise ${n} more than once`);
  }
  for (const exercise of meta.exercises) {
    if (!exercise.title?.trim()) problems.push(`${where}/lab.ts: exercise ${exercise.n} has an empty title`);
    if (!(await exists(join(lab.dir, 'solution', exercise.file)))) {
      problems.push(
        `${where}/lab.ts: exercise ${exercise.n} names solution/${exercise.file}, which does not exist`,
      );
    }
  }

  let plan: StarterPlan;
  try {
    plan = await planStarter(lab.dir, new Map(meta.exercises.map((e) => [e.n, e.title])));
  } catch (error) {
    problems.push((error as Error).message);
    return problems;
  }
  for (const n of numbers) {
    if (!plan.regions.some((region) => region.n === n)) {
      problems.push(
        `${where}: exercise ${n} has no "BEGIN SOLUTION ${n}" region in solution/, so the starter has nothing to do for it`,
      );
    }
  }
  const drift = await diffTree(join(lab.dir, 'starter'), plan.files);
  const drifted = [...drift.changed, ...drift.missing, ...drift.extra];
  if (drifted.length > 0) {
    problems.push(
      `${where}/starter is out of date (${drifted.map((f) => `starter/${f}`).join(', ')}) — run: node scripts/make-starters.mjs --lab ${meta.id}`,
    );
  }
  return problems;
}

/** Problems across labs: the same id twice. */
export function lintCatalog(labs: readonly { folder: string; id: string }[]): string[] {
  const problems: string[] = [];
  const seen = new Map<string, string>();
  for (const lab of labs) {
    if (seen.has(lab.id))
      problems.push(`labs/${seen.get(lab.id)} and labs/${lab.folder} both use lab id ${lab.id}`);
    else seen.set(lab.id, lab.folder);
  }
  return problems;
}
