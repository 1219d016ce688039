import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, sep } from 'node:path';
import type { IntegrityReport } from '../model/run-result.ts';

/**
 * The manifest of a lab's grading files: `labs/NN-slug/tests.sha256`, in `sha256sum` format
 * ("<hex>  tests/foo.test.ts"), so anyone can verify it by hand with `sha256sum -c tests.sha256`.
 * `cloudlab release` writes it with `writeTestManifest`; every grading run checks it with `verifyTestManifest`.
 */
export const MANIFEST_FILE = 'tests.sha256';
const GRADED_FOLDERS = ['tests', 'hidden'];

/** sha256 of every file under tests/ and hidden/, keyed by its path relative to the lab (POSIX slashes). */
export async function hashTestFiles(labDir: string): Promise<Map<string, string>> {
  const hashes = new Map<string, string>();
  for (const folder of GRADED_FOLDERS) {
    const root = join(labDir, folder);
    if (!existsSync(root)) continue;
    const entries = await readdir(root, { recursive: true, withFileTypes: true });
    for (const entry of entries) {
      if (!entry.isFile()) continue;
      const absolute = join(entry.parentPath, entry.name);
      const relative = absolute
        .slice(labDir.length + 1)
        .split(sep)
        .join('/');
      hashes.set(
        relative,
        createHash('sha256')
          .update(await readFile(absolute))
          .digest('hex'),
      );
    }
  }
  return new Map([...hashes].sort(([a], [b]) => a.localeCompare(b)));
}

export async function writeTestManifest(labDir: string): Promise<string> {
  const hashes = await hashTestFiles(labDir);
  const text = [...hashes].map(([file, hash]) => `${hash}  ${file}\n`).join('');
  const path = join(labDir, MANIFEST_FILE);
  await writeFile(path, text);
  return path;
}

export function parseManifest(text: string): Map<string, string> {
  const entries = new Map<string, string>();
  for (const line of text.split('\n')) {
    const match = /^([0-9a-f]{64}) [ *](.+)$/.exec(line.trim());
    if (match) entries.set(match[2]!, match[1]!);
  }
  return entries;
}

/** `unverified` when the lab ships no manifest; `tampered` when any graded file was changed, added or removed. */
export async function verifyTestManifest(labDir: string): Promise<IntegrityReport> {
  const manifestPath = join(labDir, MANIFEST_FILE);
  if (!existsSync(manifestPath)) return { status: 'unverified', changed: [], added: [], missing: [] };
  const expected = parseManifest(await readFile(manifestPath, 'utf8'));
  const actual = await hashTestFiles(labDir);
  const changed = [...actual]
    .filter(([file, hash]) => expected.has(file) && expected.get(file) !== hash)
    .map(([f]) => f);
  const added = [...actual.keys()].filter((file) => !expected.has(file));
  const missing = [...expected.keys()].filter((file) => !actual.has(file));
  const tampered = changed.length + added.length + missing.length > 0;
  return { status: tampered ? 'tampered' : 'verified', changed, added, missing };
}
