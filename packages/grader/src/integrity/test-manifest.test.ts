import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MANIFEST_FILE, verifyTestManifest, writeTestManifest } from './test-manifest.ts';

let lab: string;
beforeEach(async () => {
  lab = await mkdtemp(join(tmpdir(), 'cloudlab-manifest-'));
  await mkdir(join(lab, 'tests/helpers'), { recursive: true });
  await writeFile(join(lab, 'tests/a.test.ts'), 'a');
  await writeFile(join(lab, 'tests/helpers/h.ts'), 'h');
});
afterEach(() => rm(lab, { recursive: true, force: true }));

describe('test manifest', () => {
  it('is unverified when the lab ships no manifest', async () => {
    expect((await verifyTestManifest(lab)).status).toBe('unverified');
  });

  it('writes sha256sum lines that verify', async () => {
    await writeTestManifest(lab);
    const text = await readFile(join(lab, MANIFEST_FILE), 'utf8');
    // sha256("a") — the format `sha256sum -c` reads.
    expect(text).toContain(
      'ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb  tests/a.test.ts\n',
    );
    expect(await verifyTestManifest(lab)).toEqual({
      status: 'verified',
      changed: [],
      added: [],
      missing: [],
    });
  });

  it('reports changed, added and missing grading files', async () => {
    await writeTestManifest(lab);
    await writeFile(join(lab, 'tests/a.test.ts'), 'changed');
    await writeFile(join(lab, 'tests/b.test.ts'), 'new');
    await rm(join(lab, 'tests/helpers/h.ts'));
    expect(await verifyTestManifest(lab)).toEqual({
      status: 'tampered',
      changed: ['tests/a.test.ts'],
      added: ['tests/b.test.ts'],
      missing: ['tests/helpers/h.ts'],
    });
  });
});
