import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
// @ts-expect-error — a plain .mjs script without type declarations
import { nodeVerdict } from '../../../scripts/setup.mjs';

const REPO_ROOT = join(import.meta.dirname, '..', '..', '..');
const PINNED = (
  JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { packageManager: string }
).packageManager.slice('pnpm@'.length);

// A pnpm stand-in: logs how it was called; `--version` answers the pinned version.
const FAKE_PNPM = `#!/usr/bin/env node
import { appendFileSync } from 'node:fs';
const args = process.argv.slice(2);
appendFileSync(process.env.FAKE_LOG, 'pnpm[' + process.argv[1] + '] ' + args.join(' ') + '\\n');
if (args[0] === '--version') console.log(${JSON.stringify(PINNED)});
if (args.join(' ') === 'cloudlab doctor') process.exit(Number(process.env.FAKE_DOCTOR_CODE ?? 0));
if (args.join(' ') === '-s cloudlab grade') process.exit(Number(process.env.FAKE_GRADE_CODE ?? 0));
`;

// An npm stand-in: logs its arguments and "installs" the fake pnpm globally (into the stub bin) or under --prefix.
const FAKE_NPM = `#!/usr/bin/env node
import { appendFileSync, chmodSync, copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
const args = process.argv.slice(2);
appendFileSync(process.env.FAKE_LOG, 'npm ' + args.join(' ') + '\\n');
const place = (dir) => { mkdirSync(dir, { recursive: true }); copyFileSync(process.env.FAKE_PNPM, join(dir, 'pnpm')); chmodSync(join(dir, 'pnpm'), 0o755); };
if (args[0] === '--version') console.log('10.9.0');
else if (args[0] === 'prefix') console.log(process.env.FAKE_PREFIX);
else if (args[0] === 'install' && args[1] === '-g') {
  if (process.env.FAKE_GLOBAL_FAILS) { console.error('npm error code EACCES'); process.exit(243); }
  place(process.env.FAKE_BIN);
} else if (args[0] === 'install' && args[1] === '--prefix') place(join(args[2], 'node_modules', '.bin'));
`;

let tmp: string;
let repo: string;
let bin: string;
let log: string;

beforeEach(() => {
  tmp = mkdtempSync(join(tmpdir(), 'cloudlab setup '));
  repo = join(tmp, 'my course');
  bin = join(tmp, 'stub bin');
  log = join(tmp, 'calls.log');
  mkdirSync(join(repo, 'scripts'), { recursive: true });
  mkdirSync(bin);
  mkdirSync(join(tmp, 'global'));
  copyFileSync(join(REPO_ROOT, 'scripts', 'setup.mjs'), join(repo, 'scripts', 'setup.mjs'));
  writeFileSync(join(repo, 'package.json'), JSON.stringify({ name: 'x', packageManager: `pnpm@${PINNED}` }));
  // PATH holds only node and the stand-ins: no real npm or pnpm can be found.
  symlinkSync(process.execPath, join(bin, 'node'));
  writeFileSync(join(bin, 'npm'), FAKE_NPM);
  chmodSync(join(bin, 'npm'), 0o755);
  writeFileSync(join(tmp, 'fake-pnpm.mjs'), FAKE_PNPM);
  writeFileSync(log, '');
});
afterEach(() => rmSync(tmp, { recursive: true, force: true }));

function setup(args: string[] = [], extraEnv: Record<string, string> = {}) {
  const run = spawnSync(process.execPath, [join(repo, 'scripts', 'setup.mjs'), ...args], {
    env: {
      HOME: tmp,
      PATH: bin,
      FAKE_LOG: log,
      FAKE_BIN: bin,
      FAKE_PNPM: join(tmp, 'fake-pnpm.mjs'),
      FAKE_PREFIX: join(tmp, 'global'),
      ...extraEnv,
    },
    encoding: 'utf8',
    timeout: 80_000,
  });
  const calls = readFileSync(log, 'utf8').trim().split('\n');
  return { code: run.status, stdout: run.stdout, stderr: run.stderr, calls };
}

// Each case runs the script and its stand-in npm/pnpm as real processes.
describe('scripts/setup.mjs on a machine without pnpm', { timeout: 90_000 }, () => {
  it('installs the pinned pnpm globally with npm, then runs pnpm install and cloudlab doctor', () => {
    const run = setup();
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.calls).toContain(`npm install -g pnpm@${PINNED} --no-fund --no-audit`);
    const pnpmCalls = run.calls
      .filter((call) => call.startsWith('pnpm['))
      .map((call) => call.replace(/^pnpm\[[^\]]*\] /, ''));
    expect(pnpmCalls.filter((call) => call !== '--version')).toEqual(['install', 'cloudlab doctor']);
    expect(run.stdout).toContain(`installing pnpm@${PINNED} with npm`);
    expect(run.stdout).toMatch(/ready — next: pnpm cloudlab watch 01/);
  });

  it('falls back to a local pnpm under .cloudlab/tools when the global install is refused', () => {
    const run = setup([], { FAKE_GLOBAL_FAILS: '1' });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const localDir = join(repo, '.cloudlab', 'tools');
    expect(run.calls).toContain(`npm install --prefix ${localDir} pnpm@${PINNED} --no-fund --no-audit`);
    expect(existsSync(join(localDir, 'node_modules', '.bin', 'pnpm'))).toBe(true);
    // The workspace path has a space; the local pnpm is still called as one program.
    expect(run.calls).toContain(`pnpm[${join(localDir, 'node_modules', '.bin', 'pnpm')}] install`);
    expect(run.stdout).toContain('.cloudlab/tools');
  });

  it('skips the install when the pinned pnpm is already there, and grades with --grade', () => {
    copyFileSync(join(tmp, 'fake-pnpm.mjs'), join(bin, 'pnpm'));
    chmodSync(join(bin, 'pnpm'), 0o755);
    const run = setup(['--grade']);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.calls.some((call) => call.startsWith('npm install'))).toBe(false);
    expect(run.calls.map((call) => call.replace(/^pnpm\[[^\]]*\] /, ''))).toEqual([
      '--version',
      'install',
      'cloudlab doctor',
      '-s cloudlab grade',
    ]);
  });

  it('exits 0 when grading ran and only the starters failed their checks (exit 1 is the expected start)', () => {
    copyFileSync(join(tmp, 'fake-pnpm.mjs'), join(bin, 'pnpm'));
    chmodSync(join(bin, 'pnpm'), 0o755);
    const started = setup(['--grade'], { FAKE_GRADE_CODE: '1' });
    expect(started.code, started.stdout + started.stderr).toBe(0);
    expect(started.stdout).toContain('starters you have not worked on score 0 — that is the start');
    expect(started.stdout).toContain('next: pnpm cloudlab watch 01');
    const broken = setup(['--grade'], { FAKE_GRADE_CODE: '2' });
    expect(broken.code).toBe(2);
    expect(broken.stdout).toContain('grading could not run');
  });

  it('stops with the doctor exit code (and does not grade) when doctor finds a problem', () => {
    const run = setup(['--grade'], { FAKE_DOCTOR_CODE: '2' });
    expect(run.code).toBe(2);
    expect(run.calls.some((call) => call.endsWith('cloudlab grade'))).toBe(false);
    expect(run.stdout).toContain('cloudlab doctor found problems');
  });
});

describe('nodeVerdict', () => {
  it('refuses Node below 20, accepts 20 with a recommendation, and is happy with 22 and 24', () => {
    expect(nodeVerdict('18.20.4')).toBe('fail');
    expect(nodeVerdict('v20.20.2')).toBe('old');
    expect(nodeVerdict('22.12.0')).toBe('ok');
    expect(nodeVerdict('v24.22.3')).toBe('ok');
  });
});
