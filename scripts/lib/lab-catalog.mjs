// @ts-check
/**
 * Finds the labs (labs/NN-slug folders with a lab.ts) and reads their metadata. lab.ts is TypeScript:
 * callers run under tsx (the CLI does; scripts register it first).
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const LAB_FOLDER = /^(\d{2})-[a-z0-9-]+$/;

/** @param {string} repoRoot @returns {Promise<{ id: string, folder: string, dir: string }[]>} sorted by id */
export async function findLabDirs(repoRoot) {
  const labsDir = join(repoRoot, 'labs');
  const entries = await readdir(labsDir, { withFileTypes: true }).catch(() => []);
  const labs = [];
  for (const entry of entries) {
    const match = LAB_FOLDER.exec(entry.name);
    if (!entry.isDirectory() || !match) continue;
    const dir = join(labsDir, entry.name);
    const hasLabTs = await stat(join(dir, 'lab.ts')).then(
      (s) => s.isFile(),
      () => false,
    );
    if (hasLabTs) labs.push({ id: /** @type {string} */ (match[1]), folder: entry.name, dir });
  }
  return labs.sort((a, b) => a.folder.localeCompare(b.folder));
}

/**
 * @param {string} labDir
 * @returns {Promise<{ id: string, slug: string, title: string, exercises: { n: number, title: string, file: string }[], [key: string]: unknown }>}
 */
export async function loadLabMeta(labDir) {
  const module = await import(pathToFileURL(join(labDir, 'lab.ts')).href);
  const meta = module.default;
  if (!meta || typeof meta !== 'object' || !Array.isArray(meta.exercises)) {
    throw new Error(
      `${join(labDir, 'lab.ts')}: the default export must be defineLab({ id, slug, title, exercises, … })`,
    );
  }
  return meta;
}

/** @param {{ exercises: { n: number, title: string }[] }} meta */
export function exerciseTitles(meta) {
  return new Map(meta.exercises.map((exercise) => [exercise.n, exercise.title]));
}
