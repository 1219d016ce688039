import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkMemory, checkNode, type DoctorReport } from '../src/commands/doctor.ts';

const BIN = join(import.meta.dirname, '..', 'bin', 'cloudlab.js');
const SECRET = 'c9ManagedSecretAccessKeyValue00000000000';
const TOKEN = 'IQoJb3JpZ2luX2VjCloud9ManagedSessionToken000';

let home: string;
beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), 'cloudlab doctor '));
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

function doctor(args: string[], extraEnv: Record<string, string> = {}) {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^(AWS_|CLOUDLAB_|C9_)/.test(name)),
  );
  const run = spawnSync(process.execPath, [BIN, ...args], {
    env: { ...env, HOME: home, AWS_EC2_METADATA_DISABLED: 'true', ...extraEnv },
    encoding: 'utf8',
    timeout: 80_000,
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

function statusOf(report: DoctorReport, id: string) {
  return report.checks.find((check) => check.id === id);
}

describe('cloudlab doctor', { timeout: 90_000 }, () => {
  it('reports every check as JSON against the embedded emulator and exits 0 when nothing fails', () => {
    const run = doctor(['doctor', '--json']);
    const report = JSON.parse(run.stdout) as DoctorReport;
    expect(report.checks.map((check) => check.id)).toEqual([
      'node',
      'pnpm',
      'target',
      'endpoint',
      'credentials',
      'identity',
      'region',
      'cloud9',
      'memory',
      'disk',
    ]);
    for (const check of report.checks) expect(['ok', 'warn', 'fail']).toContain(check.status);
    expect(statusOf(report, 'endpoint')?.status).toBe('ok');
    expect(statusOf(report, 'identity')?.detail).toMatch(/^arn:aws:/);
    expect(report.ok).toBe(report.checks.every((check) => check.status !== 'fail'));
    expect(run.code).toBe(report.ok ? 0 : 2);
  });

  it('under Cloud9 with managed credentials warns what they block and how to fix it, without leaking them', () => {
    const aws = join(home, '.aws');
    mkdirSync(aws, { recursive: true });
    writeFileSync(
      join(aws, 'credentials'),
      `[default]\naws_access_key_id = ASIAC9MANAGEDKEY0001\naws_secret_access_key = ${SECRET}\naws_session_token = ${TOKEN}\n`,
    );
    try {
      const run = doctor(['--target', 'aws', '--region', 'us-east-1', 'doctor', '--offline', '--json'], {
        C9_HOSTNAME: 'example.vfs.cloud9.us-east-1.amazonaws.com',
        C9_USER: 'student',
        C9_PROJECT: 'course',
      });
      const report = JSON.parse(run.stdout) as DoctorReport;
      expect(statusOf(report, 'credentials')).toMatchObject({ status: 'ok' });
      expect(statusOf(report, 'credentials')?.detail).toMatch(
        /^Cloud9 managed temporary credentials .* ASIA…0001/,
      );
      const cloud9 = statusOf(report, 'cloud9');
      expect(cloud9?.status).toBe('warn');
      expect(cloud9?.detail).toContain('C9_HOSTNAME');
      expect(cloud9?.fix).toMatch(/AssumeRole/);
      expect(cloud9?.fix).toMatch(/instance role/);
      expect(run.stdout + run.stderr).not.toContain(SECRET);
      expect(run.stdout + run.stderr).not.toContain(TOKEN);
      expect(run.code).toBe(report.ok ? 0 : 2);
    } finally {
      rmSync(aws, { recursive: true, force: true });
    }
  });

  it('fails with exit 2 and a fix per problem when real AWS has no credentials and no region', () => {
    const run = doctor(['--target', 'aws', 'doctor', '--offline']);
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/✖ Credentials +CredentialsNotFound: no AWS credentials found/);
    expect(run.stdout).toMatch(/✖ Region +NoRegion: .*--region/);
    expect(run.stdout).toMatch(/problem\(s\) to fix/);
  });

  it('fails the endpoint check when nothing listens at --endpoint', () => {
    const run = doctor(['--endpoint', 'http://127.0.0.1:9', 'doctor', '--json'], {
      AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
      AWS_SECRET_ACCESS_KEY: SECRET,
    });
    const report = JSON.parse(run.stdout) as DoctorReport;
    expect(statusOf(report, 'endpoint')).toMatchObject({ status: 'fail' });
    expect(statusOf(report, 'endpoint')?.fix).toMatch(/cloudlab emulator/);
    expect(run.code).toBe(2);
  });
});

describe('doctor checks', () => {
  it('fails Node below 20; on 20 warns it is end-of-life and the SDK needs 22 from 2027, recommending 24', () => {
    expect(checkNode('18.19.0')).toMatchObject({ status: 'fail', fix: expect.stringMatching(/Node.js 24/) });
    const twenty = checkNode('20.20.2');
    expect(twenty.status).toBe('warn');
    expect(twenty.fix).toMatch(/end of life on 2026-04-30/);
    expect(twenty.fix).toMatch(/January 2027 need Node.js 22/);
    expect(twenty.fix).toMatch(/install Node.js 24 LTS/);
  });

  it('gives no runtime advice on Node 22, 24 or later', () => {
    for (const version of ['22.12.0', '24.22.3', '26.12.1']) {
      const check = checkNode(version);
      expect(check.status, version).toBe('ok');
      expect(check.fix, version).toBeUndefined();
    }
  });

  it('warns on a 1 GiB machine and on low free memory', () => {
    const GiB = 1024 ** 3;
    expect(checkMemory(0.6 * GiB, 0.98 * GiB).status).toBe('warn');
    expect(checkMemory(0.1 * GiB, 8 * GiB).status).toBe('warn');
    expect(checkMemory(4 * GiB, 8 * GiB).status).toBe('ok');
  });
});
