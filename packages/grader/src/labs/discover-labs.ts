import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { validateLabDefinition } from '../authoring/define-lab.ts';
import type { LabDefinition } from '../authoring/lab-definition.ts';

/** A lab found on disk: its metadata plus where it lives. */
export interface LabInfo {
  id: string;
  slug: string;
  title: string;
  /** Absolute path of labs/NN-slug. */
  dir: string;
  /** NN-slug */
  folder: string;
  definition: LabDefinition;
}

export class LabNotFoundError extends Error {
  readonly code = 'LabNotFound';
  constructor(query: string, labs: readonly LabInfo[]) {
    const valid =
      labs.map((lab) => `${lab.id} (${lab.slug})`).join(', ') || 'none — is this the course folder?';
    super(`no lab "${query}"; valid labs: ${valid}`);
    this.name = 'LabNotFoundError';
  }
}

const LAB_FOLDER = /^(\d{2})-([a-z0-9-]+)$/;

/**
 * Reads every `labs/NN-slug/lab.ts` under `root` (the course folder; `labsDir` overrides `root/labs`).
 * lab.ts is TypeScript: the caller runs under tsx or Vitest, which load it without a build step.
 */
export async function discoverLabs(root: string, labsDir = join(root, 'labs')): Promise<LabInfo[]> {
  if (!existsSync(labsDir)) return [];
  const folders = (await readdir(labsDir, { withFileTypes: true }))
    .filter(
      (entry) =>
        entry.isDirectory() && LAB_FOLDER.test(entry.name) && existsSync(join(labsDir, entry.name, 'lab.ts')),
    )
    .map((entry) => entry.name)
    .sort();
  const labs: LabInfo[] = [];
  for (const folder of folders) {
    const dir = join(labsDir, folder);
    const module = (await importLabModule(join(dir, 'lab.ts'))) as { default?: LabDefinition };
    const definition = module.default;
    if (!definition)
      throw new Error(`labs/${folder}/lab.ts has no default export — export default defineLab({...})`);
    const problems = validateLabDefinition(definition);
    if (problems.length > 0) throw new Error(`labs/${folder}/lab.ts: ${problems.join('; ')}`);
    labs.push({ id: definition.id, slug: definition.slug, title: definition.title, dir, folder, definition });
  }
  return labs;
}

/** Error codes of a Node that cannot load this TypeScript itself (Node 20, or type stripping's limits). */
const TYPESCRIPT_REFUSED = new Set([
  'ERR_UNKNOWN_FILE_EXTENSION',
  'ERR_UNSUPPORTED_TYPESCRIPT_SYNTAX',
  'ERR_UNSUPPORTED_NODE_MODULES_TYPE_STRIPPING',
]);

declare global {
  interface ImportMeta {
    /** True in code loaded from a bundle of bundled-import.js, which plain Node runs (no TypeScript loader). */
    readonly bundled?: true;
  }
}

/**
 * lab.ts through the loader of the code that asks (tsx, Vite's module runner), else, where the caller is a
 * plain-JavaScript bundle (bin/cloudlab.js), from a bundle of its own, or through Vite where none can be kept.
 * From a bundle Node's own import is never tried: its type stripping refuses the grader's TypeScript
 * (parameter properties) after ~0.1 s of starting its stripper, and Node 20 has none.
 */
async function importLabModule(file: string): Promise<unknown> {
  if (!import.meta.bundled) {
    try {
      return await import(pathToFileURL(file).href);
    } catch (error) {
      if (!TYPESCRIPT_REFUSED.has((error as { code?: string }).code ?? '')) throw error;
    }
  }
  const { bundleFor } = await import('../bundled-import.js');
  const bundle = await bundleFor(file);
  if (bundle) return import(bundle);
  // A course installed read-only keeps no bundle (an autograder grading as another user): Vite compiles it.
  const { importThroughVite } = await import('../vite-loader.js');
  return importThroughVite(file);
}

/** Finds a lab by `03`, `3`, its slug, or its folder name; throws `LabNotFoundError` listing the valid ones. */
export function resolveLab(labs: readonly LabInfo[], query: string): LabInfo {
  const wanted = query.trim().toLowerCase();
  const asId = /^\d{1,2}$/.test(wanted) ? wanted.padStart(2, '0') : undefined;
  const lab = labs.find(
    (candidate) => candidate.id === asId || candidate.slug === wanted || candidate.folder === wanted,
  );
  if (!lab) throw new LabNotFoundError(query, labs);
  return lab;
}
