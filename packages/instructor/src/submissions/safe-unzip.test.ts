import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rawZip } from '../../../../tests/e2e/instructor/raw-zip.ts';
import { DEFAULT_LIMITS, UnsafeSubmissionError } from './limits.ts';
import { safeUnzip } from './safe-unzip.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cloudlab-unzip-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const zipOf = async (entries: Parameters<typeof rawZip>[0]) => {
  const path = join(dir, 'in.zip');
  await writeFile(path, rawZip(entries));
  return path;
};

describe('safeUnzip', () => {
  it('extracts an ordinary zip, deflated or stored, keeping its folders', async () => {
    const zip = await zipOf([
      { name: 'labs/01-x/starter/a.ts', data: Buffer.from('export const a = 1;\n'), deflate: true },
      { name: 'labs/01-x/starter/b.ts', data: Buffer.from('export const b = 2;\n') },
    ]);
    expect(await safeUnzip(zip, join(dir, 'out'))).toEqual([]);
    expect(await readFile(join(dir, 'out/labs/01-x/starter/a.ts'), 'utf8')).toBe('export const a = 1;\n');
  });

  it('refuses an entry that climbs out of the target with ../ and writes nothing outside', async () => {
    const zip = await zipOf([{ name: '../escaped.txt', data: Buffer.from('x') }]);
    await expect(safeUnzip(zip, join(dir, 'out'))).rejects.toThrow(UnsafeSubmissionError);
    expect(existsSync(join(dir, 'escaped.txt'))).toBe(false);
  });

  it('refuses an absolute entry name', async () => {
    const zip = await zipOf([{ name: '/tmp/absolute.txt', data: Buffer.from('x') }]);
    await expect(safeUnzip(zip, join(dir, 'out'))).rejects.toThrow(/absolute|invalid/);
  });

  it('refuses a zip bomb by its compression ratio before inflating it', async () => {
    const zip = await zipOf([{ name: 'bomb.ts', data: Buffer.alloc(8 * 1024 * 1024), deflate: true }]);
    await expect(safeUnzip(zip, join(dir, 'out'))).rejects.toThrow(/zip bomb/);
    expect(existsSync(join(dir, 'out/bomb.ts'))).toBe(false);
  });

  it('refuses a zip that unpacks past the total size limit', async () => {
    const zip = await zipOf([
      { name: 'a.bin', data: Buffer.alloc(600 * 1024, 1) },
      { name: 'b.bin', data: Buffer.alloc(600 * 1024, 2) },
    ]);
    const limits = { ...DEFAULT_LIMITS, maxTotalBytes: 1024 * 1024 };
    await expect(safeUnzip(zip, join(dir, 'out'), limits)).rejects.toThrow(/more than 1.0 MiB/);
  });

  it('skips symlink entries with a note instead of creating the link', async () => {
    const zip = await zipOf([
      { name: 'passwd', data: Buffer.from('/etc/passwd'), mode: 0o120777 },
      { name: 'ok.ts', data: Buffer.from('1') },
    ]);
    expect(await safeUnzip(zip, join(dir, 'out'))).toEqual(['symlink passwd in the zip was not extracted']);
    expect(existsSync(join(dir, 'out/passwd'))).toBe(false);
    expect(existsSync(join(dir, 'out/ok.ts'))).toBe(true);
  });

  it('refuses a file that is not a zip with yauzl’s reason', async () => {
    const path = join(dir, 'not.zip');
    await writeFile(path, 'hello');
    await expect(safeUnzip(path, join(dir, 'out'))).rejects.toThrow(UnsafeSubmissionError);
  });
});
