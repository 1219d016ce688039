import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LabInfo } from '../labs/discover-labs.ts';
import { readCachedInventory, writeCachedInventory } from './inventory-disk-cache.ts';
import type { LabInventory } from './trusted-inventory.ts';

const lab = { id: '03', folder: '03-parameter-store', dir: '/course/labs/03-parameter-store' } as LabInfo;
const inventory: LabInventory = {
  lab: lab.folder,
  checks: [
    {
      id: 'tests/read.test.ts::reads a parameter',
      file: 'tests/read.test.ts',
      title: 'reads a parameter',
      meta: { points: 5, exercise: 1, hints: ['use GetParameter'], timeoutMs: 10_000 },
    },
  ],
  maxScore: 5,
  source: 'no-code',
};

describe('the inventory disk cache', () => {
  let dir: string;
  beforeEach(async () => {
    dir = join(await mkdtemp(join(tmpdir(), 'cloudlab-inventory-')), 'cache');
  });
  afterEach(() => rm(join(dir, '..'), { recursive: true, force: true }));

  it('gives back an inventory written under the same key, creating the folder', async () => {
    await writeCachedInventory(dir, lab, 'key-1', inventory);
    expect(await readCachedInventory(dir, lab, 'key-1')).toEqual(inventory);
    expect(await readdir(dir)).toEqual(['inventory-03-parameter-store.json']);
  });

  it('ignores an inventory kept under another key: the tests or the grader changed since', async () => {
    await writeCachedInventory(dir, lab, 'key-1', inventory);
    expect(await readCachedInventory(dir, lab, 'key-2')).toBeUndefined();
  });

  it("ignores another lab's inventory, a file cut short and no file at all", async () => {
    const other = { ...lab, folder: '04-s3-select' } as LabInfo;
    await writeCachedInventory(dir, other, 'key-1', inventory);
    await writeFile(join(dir, `inventory-${lab.folder}.json`), '{"key":"key-1","inventory":{"lab"');
    expect(await readCachedInventory(dir, lab, 'key-1')).toBeUndefined();
    expect(await readCachedInventory(dir, other, 'key-1')).toBeUndefined();
    expect(await readCachedInventory(join(dir, 'missing'), lab, 'key-1')).toBeUndefined();
  });

  it('keeps nothing, and throws nothing, where it may not write', async () => {
    await writeFile(join(dir, '..', 'a-file'), '');
    await writeCachedInventory(join(dir, '..', 'a-file'), lab, 'key-1', inventory);
    expect(await readCachedInventory(join(dir, '..', 'a-file'), lab, 'key-1')).toBeUndefined();
  });
});
