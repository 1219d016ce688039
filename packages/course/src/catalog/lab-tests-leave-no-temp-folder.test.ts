import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { trustedInventories } from '@cloudlab/grader/node';
import { expect, it } from 'vitest';
import { discoverLabs } from './lab-catalog.ts';

const root = join(import.meta.dirname, '../../../..');

// Every grade first collects the lab's test files without running them, so no afterAll runs then: a test
// file that makes a folder as it loads (mkdtempSync at the top level) leaves one in the learner's /tmp at
// every grade. Make it in beforeAll, remove it in afterAll.
it("collecting every lab's checks leaves no folder in TMPDIR", { timeout: 240_000 }, async () => {
  const savedTmp = process.env.TMPDIR;
  const privateTmp = mkdtempSync(join(tmpdir(), 'cloudlab-private-tmp-'));
  process.env.TMPDIR = privateTmp;
  try {
    const inventories = await trustedInventories(await discoverLabs(root));
    expect(inventories.every((inventory) => inventory.checks.length > 0)).toBe(true);
    expect(readdirSync(privateTmp)).toEqual([]);
  } finally {
    if (savedTmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = savedTmp;
    rmSync(privateTmp, { recursive: true, force: true });
  }
});
