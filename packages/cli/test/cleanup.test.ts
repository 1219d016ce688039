import { spawn } from 'node:child_process';
import { join } from 'node:path';
import {
  type ClientConstructor,
  cleanupClients,
  findLeftovers,
  labResourceContext,
  ResourceTracker,
  type SessionClientConfig,
} from '@cloudlab/aws-session';
import { type RunningEmulator, startEmulator } from '@cloudlab/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = join(import.meta.dirname, '..', 'bin', 'cloudlab.js');

let emulator: RunningEmulator;
let env: Record<string, string>;

beforeAll(async () => {
  emulator = await startEmulator();
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^(AWS_|CLOUDLAB_|C9_)/.test(name)),
  );
  env = {
    ...(clean as Record<string, string>),
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_ACCESS_KEY_ID: emulator.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: emulator.credentials.secretAccessKey,
    AWS_REGION: emulator.region,
    CLOUDLAB_LEARNER: 'cli-test',
  };
});
afterAll(() => emulator?.stop());

/** The real binary, asynchronously: the emulator answers from this process's event loop. */
function cloudlab(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, '--endpoint', emulator.endpoint, ...args], { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('cloudlab cleanup', () => {
  it('lists leftovers with --dry-run, deletes them without it, then finds nothing', async () => {
    const config: SessionClientConfig = {
      endpoint: emulator.endpoint,
      region: emulator.region,
      credentials: async () => emulator.credentials,
      forcePathStyle: true,
      maxAttempts: 1,
      retryMode: 'standard',
      customUserAgent: 'cloudlab-test',
    };
    const session = { client: <T>(ctor: ClientConstructor<T>) => new ctor(config) };
    const tracker = new ResourceTracker(
      labResourceContext('02', { CLOUDLAB_LEARNER: 'cli-test' }),
      cleanupClients(session),
    );
    const bucket = await tracker.createBucket('left-behind');
    const otherLab = await new ResourceTracker(
      labResourceContext('03', { CLOUDLAB_LEARNER: 'cli-test' }),
      cleanupClients(session),
    ).createBucket('other-lab');

    const dry = await cloudlab(['cleanup', '--dry-run', '--lab', '02', '--json']);
    expect(dry.code, dry.stderr).toBe(0);
    const planned = JSON.parse(dry.stdout);
    expect(planned).toMatchObject({ dryRun: true, filter: { learner: 'cli-test', lab: '02' } });
    expect(planned.outcomes).toEqual([
      expect.objectContaining({ kind: 's3-bucket', id: bucket, deleted: false, matchedBy: 'name+tags' }),
    ]);

    const real = await cloudlab(['cleanup', '--lab', '2', '--json']);
    expect(real.code, real.stderr).toBe(0);
    expect(JSON.parse(real.stdout).outcomes).toEqual([
      expect.objectContaining({ id: bucket, deleted: true }),
    ]);

    const left = await findLeftovers(cleanupClients(session), { learner: 'cli-test' });
    expect(left.map((l) => l.id)).toEqual([otherLab]);
  }, 180_000);

  it('rejects a malformed --lab with exit code 2 and one line', async () => {
    const run = await cloudlab(['cleanup', '--lab', 'abc']);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/--lab takes a lab number/);
  }, 90_000);
});
