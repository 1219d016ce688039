import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { unreadablePaths } from './unreadable-paths.ts';

let root: string;
afterEach(() => rmSync(root, { recursive: true, force: true }));

test('names the folders and files others may not read, and nothing inside a folder it names', () => {
  root = mkdtempSync(join(tmpdir(), 'unreadable-'));
  chmodSync(root, 0o755);
  mkdirSync(join(root, 'labs', 'notes'), { recursive: true });
  writeFileSync(join(root, 'labs', 'notes', 'inside.md'), 'x', { mode: 0o600 });
  chmodSync(join(root, 'labs', 'notes'), 0o700);
  mkdirSync(join(root, 'listable-not-enterable'), { mode: 0o744 });
  writeFileSync(join(root, 'labs', '.env'), 'x', { mode: 0o600 });
  writeFileSync(join(root, 'labs', 'open.ts'), 'x', { mode: 0o644 });
  mkdirSync(join(root, 'node_modules', 'private'), { recursive: true, mode: 0o700 });
  mkdirSync(join(root, 'masked'), { mode: 0o700 });
  symlinkSync(join(root, 'labs', 'notes'), join(root, 'link-to-notes'));

  const found = unreadablePaths([root], new Set([join(root, 'masked')]));

  expect(found.dirs.sort()).toEqual([join(root, 'labs', 'notes'), join(root, 'listable-not-enterable')]);
  expect(found.files).toEqual([join(root, 'labs', '.env')]);
});

test('finds nothing in a course everyone may read', () => {
  root = mkdtempSync(join(tmpdir(), 'unreadable-'));
  chmodSync(root, 0o755);
  mkdirSync(join(root, 'labs', '01'), { recursive: true, mode: 0o755 });
  writeFileSync(join(root, 'labs', '01', 'lab.ts'), 'x', { mode: 0o644 });
  expect(unreadablePaths([root], new Set())).toEqual({ dirs: [], files: [] });
});
