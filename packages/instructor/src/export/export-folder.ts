import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { ExportError } from './export-error.ts';

/**
 * Writes an export as a whole or not at all: refuses a target that exists, fills a temporary sibling
 * (same file system, so the final rename is atomic) and renames it into place only when everything was
 * written. A failure removes the temporary copy, so nothing half-written is left behind.
 */
export async function writeWhole(
  target: string,
  fill: (temporary: string) => Promise<void>,
): Promise<string> {
  const path = resolve(target);
  if (existsSync(path)) {
    throw new ExportError(`${path} exists — remove it or choose another --out`);
  }
  await mkdir(dirname(path), { recursive: true });
  const staging = await mkdtemp(resolve(dirname(path), `.${basename(path)}.partial-`));
  const temporary = resolve(staging, basename(path));
  try {
    await fill(temporary);
    await rename(temporary, path);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return path;
}
