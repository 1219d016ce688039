// @ts-check
/**
 * Applies the starter transform to a lab's whole solution/ tree: plan (in memory), write, or compare
 * against what is on disk. Used by scripts/make-starters.mjs, `cloudlab dev check` and `cloudlab reset`.
 */
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { toStarter } from './starter-transform.mjs';

/** Folders never copied into a starter. */
const SKIPPED = new Set(['node_modules', '.cloudlab', 'dist']);

/** @param {string} root @returns {Promise<string[]>} relative POSIX paths, sorted */
export async function listFiles(root) {
  /** @type {string[]} */
  const found = [];
  /** @param {string} dir */
  async function walk(dir) {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      if (/** @type {NodeJS.ErrnoException} */ (error).code === 'ENOENT') return;
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

/**
 * The starter files a lab's solution/ produces.
 * @param {string} labDir
 * @param {Record<number, string> | Map<number, string>} exercises exercise number → title
 * @param {{ only?: number }} [options]
 * @returns {Promise<{ files: Map<string, string>, regions: { file: string, n: number, line: number }[] }>}
 */
export async function planStarter(labDir, exercises, options = {}) {
  const solutionDir = join(labDir, 'solution');
  /** @type {Map<string, string>} */
  const files = new Map();
  /** @type {{ file: string, n: number, line: number }[]} */
  const regions = [];
  for (const rel of await listFiles(solutionDir)) {
    const source = await readFile(join(solutionDir, rel), 'utf8');
    const file = `solution/${rel}`;
    const result = toStarter(source, { file, exercises, ...options });
    files.set(rel, result.text);
    for (const region of result.regions) regions.push({ file, ...region });
  }
  return { files, regions };
}

/**
 * Writes a planned tree into targetDir and removes files there that the plan does not have.
 * @param {string} targetDir
 * @param {Map<string, string>} files
 */
export async function writeTree(targetDir, files) {
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

/**
 * How targetDir differs from the plan: files whose text differs, files missing, files that should not be there.
 * @param {string} targetDir
 * @param {Map<string, string>} files
 * @returns {Promise<{ changed: string[], missing: string[], extra: string[] }>}
 */
export async function diffTree(targetDir, files) {
  const present = new Set(await listFiles(targetDir));
  const drift = {
    changed: /** @type {string[]} */ ([]),
    missing: /** @type {string[]} */ ([]),
    extra: /** @type {string[]} */ ([]),
  };
  for (const [rel, text] of files) {
    if (!present.has(rel)) drift.missing.push(rel);
    else if ((await readFile(join(targetDir, rel), 'utf8')) !== text) drift.changed.push(rel);
  }
  for (const rel of present) if (!files.has(rel)) drift.extra.push(rel);
  return drift;
}
