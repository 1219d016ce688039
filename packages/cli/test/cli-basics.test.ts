import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const BIN = join(import.meta.dirname, '..', 'bin', 'cloudlab.js');

/** Runs the real `cloudlab` binary with an environment free of the developer's AWS settings. */
function cloudlab(args: string[], extraEnv: Record<string, string> = {}) {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^(AWS_|CLOUDLAB_|C9_)/.test(name)),
  );
  const run = spawnSync(process.execPath, [BIN, ...args], {
    env: { ...env, AWS_EC2_METADATA_DISABLED: 'true', ...extraEnv },
    encoding: 'utf8',
    timeout: 80_000,
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

function expectOneLineError(stderr: string, pattern: RegExp) {
  const lines = stderr.trimEnd().split('\n');
  expect(lines, stderr).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
}

// Each case starts the real binary (tsx compiles on the fly): seconds each on a busy 2-core machine.
describe('cloudlab (the binary)', { timeout: 90_000 }, () => {
  it('prints help with the global options and the doctor command, exit 0', () => {
    const run = cloudlab(['--help']);
    expect(run.code).toBe(0);
    for (const text of [
      '--target <target>',
      '--endpoint <url>',
      '--profile <name>',
      '--region <region>',
      'doctor',
    ]) {
      expect(run.stdout).toContain(text);
    }
  });

  it('prints its version, exit 0', () => {
    const run = cloudlab(['--version']);
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('rejects an unknown flag with one line and exit 2', () => {
    const run = cloudlab(['--bogus']);
    expect(run.code).toBe(2);
    expectOneLineError(run.stderr, /^cloudlab: unknown option '--bogus' \(run cloudlab --help for usage\)$/);
  });

  it('rejects an unknown command with exit 2', () => {
    const run = cloudlab(['frobnicate']);
    expect(run.code).toBe(2);
    expectOneLineError(run.stderr, /^cloudlab: unknown command 'frobnicate'/);
  });

  it('rejects an unknown --target with the allowed values, exit 2', () => {
    const run = cloudlab(['--target', 'localstack', 'doctor']);
    expect(run.code).toBe(2);
    expectOneLineError(run.stderr, /Allowed choices are emulator, endpoint, aws/);
  });

  it('rejects an unknown CLOUDLAB_TARGET the same way', () => {
    const run = cloudlab(['doctor'], { CLOUDLAB_TARGET: 'prod' });
    expect(run.code).toBe(2);
    expectOneLineError(run.stderr, /^cloudlab: UnknownTarget: unknown target "prod"/);
  });

  it('rejects a malformed --endpoint with an example of a good one, exit 2', () => {
    const run = cloudlab(['--endpoint', 'localhost:4566', 'doctor']);
    expect(run.code).toBe(2);
    expectOneLineError(run.stderr, /^cloudlab: InvalidEndpoint: .*http:\/\/127\.0\.0\.1:4566/);
  });

  it('prints no Node-version warning from the SDK before its own output', () => {
    const run = cloudlab(['--endpoint', 'http://127.0.0.1:9', '--profile', 'missing', 'doctor']);
    expect(run.stderr).not.toContain('NodeVersionSupportWarning');
  });
});
