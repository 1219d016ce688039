import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = join(import.meta.dirname, '..', 'bin', 'cloudlab.js');
const work = mkdtempSync(join(tmpdir(), 'cloudlab-export-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function cloudlab(args: string[]) {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^(AWS_|CLOUDLAB_)/.test(name)),
  );
  const run = spawnSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8', timeout: 80_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr.trimEnd().split('\n') };
}

// Bad input is refused before any suite is collected: each case is one start of the binary.
describe('cloudlab export (bad input)', { timeout: 90_000 }, () => {
  it('export classroom exits 2 with one line that points to export classroom50', () => {
    const run = cloudlab(['export', 'classroom', '--out', join(work, 'classroom')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toHaveLength(1);
    expect(run.stderr[0]).toMatch(
      /GitHub Classroom was decommissioned on 2026-08-28.*cloudlab export classroom50/,
    );
  });

  it.each(['classroom50', 'prairielearn', 'gradescope'])(
    'export %s into an --out that exists exits 2 and leaves it as it was',
    (host) => {
      const out = join(work, `${host}-taken${host === 'gradescope' ? '.zip' : ''}`);
      mkdirSync(out);
      const run = cloudlab(['export', host, '--out', out]);
      expect(run.code).toBe(2);
      expect(run.stderr).toHaveLength(1);
      expect(run.stderr[0]).toContain(`${out} exists — remove it or choose another --out`);
      expect(readdirSync(out)).toEqual([]);
    },
  );

  it('an unknown lab id exits 2 naming the valid ones, and writes nothing', () => {
    const out = join(work, 'unknown-lab');
    const run = cloudlab(['export', 'prairielearn', '--out', out, '--labs', '07']);
    expect(run.code).toBe(2);
    expect(run.stderr).toHaveLength(1);
    expect(run.stderr[0]).toMatch(/no lab "07"; valid labs: 01/);
    expect(readdirSync(work)).not.toContain('unknown-lab');
  });
});
