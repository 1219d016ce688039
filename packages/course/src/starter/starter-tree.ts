/**
 * Applies the starter transform to a lab's whole solution/ tree: plan (in memory), write, or compare
 * against what is on disk. Used by scripts/make-starters.mjs, `cloudlab dev check` and the bench.
 */
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { type ExerciseTitles, toStarter } from './starter-transform.ts';

/** Folders never copied into a starter. */
const SKIPPED = new Set(['node_modules', '.cloudlab', 'dist']);

/** Relative POSIX paths of the files under root, sorted; none when root does not exist. */
export async function listFiles(root: string): Promise<string[]> {
  const found: string[] = [];
  async function walk(dir: string): Promise<void> {
    let entries: import('node:fs').Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    for (const entry of entries) {
      if (SKIPPED.has(entry.name)) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile()) found.push(relative(root, path).split(sep).join('/'));
    }
  }
  await walk(root);
  return found.sort();
}

/** A lab's solution/ files as they are on disk (markers included): relative path → text. */
export async function readSolution(labDir: string): Promise<Map<string, string>> {
  const solutionDir = join(labDir, 'solution');
  const files = new Map<string, string>();
  for (const rel of await listFiles(solutionDir)) files.set(rel, await readFile(join(solutionDir, rel), 'utf8'));
  return files;
}

export interface StarterPlan {
  /** Relative path → text of each generated file. */
  files: Map<string, string>;
  regions: { file: string; n: number; line: number }[];
}

/** The starter (or, with `only`, a variant: see toStarter) of a solution tree held in memory. */
export function transformTree(
  solution: ReadonlyMap<string, string>,
  exercises: ExerciseTitles,
  options: { only?: number } = {},
): StarterPlan {
  const files = new Map<string, string>();
  const regions: StarterPlan['regions'] = [];
  for (const [rel, source] of solution) {
    const file = `solution/${rel}`;
    const result = toStarter(source, { file, exercises, ...options });
    files.set(rel, result.text);
    for (const region of result.regions) regions.push({ file, ...region });
  }
  return { files, regions };
}

/** The starter files a lab's solution/ produces. */
export async function planStarter(
  labDir: string,
  exercises: ExerciseTitles,
  options: { only?: number } = {},
): Promise<StarterPlan> {
  return transformTree(await readSolution(labDir), exercises, options);
}

/** Writes a planned tree into targetDir and removes files there that the plan does not have. */
export async function writeTree(targetDir: string, files: ReadonlyMap<string, string>): Promise<void> {
  for (const rel of await listFiles(targetDir)) {
    if (!files.has(rel)) await rm(join(targetDir, rel));
  }
  for (const [rel, text] of files) {
    const path = join(targetDir, rel);
    await mkdir(dirname(path), { recursive: true });
    const current = await readFile(path, 'utf8').catch(() => undefined);
    if (current !== text) await writeFile(path, text);
  }
}

/** How targetDir differs from the plan: files whose text differs, files missing, files that should not be there. */
export async function diffTree(
  targetDir: string,
  files: ReadonlyMap<string, string>,
): Promise<{ changed: string[]; missing: string[]; extra: string[] }> {
  const present = new Set(await listFiles(targetDir));
  const drift = { changed: [] as string[], missing: [] as string[], extra: [] as string[] };
  for (const [rel, text] of files) {
    if (!present.has(rel)) drift.missing.push(rel);
    else if ((await readFile(join(targetDir, rel), 'utf8')) !== text) drift.changed.push(rel);
  }
  for (const rel of present) if (!files.has(rel)) drift.extra.push(rel);
  return drift;
}
