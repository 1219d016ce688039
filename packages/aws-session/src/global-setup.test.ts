import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGlobalSetup } from './global-setup.ts';
import { isolateEnvironment } from './test-support.ts';

let sandbox: ReturnType<typeof isolateEnvironment>;
beforeEach(() => {
  sandbox = isolateEnvironment();
});
afterEach(() => sandbox.restore());

const fakeEmulator = (stopped: string[]) => async (region: string) => ({
  endpoint: 'http://127.0.0.1:45998',
  region,
  credentials: { accessKeyId: 'AKIAFAKEEMULATOR0002', secretAccessKey: 'fake' },
  stop: () => {
    stopped.push('stop');
  },
});

describe('vitest globalSetup', () => {
  it('starts the emulator, exports its settings, then stops it and restores the environment', async () => {
    const stopped: string[] = [];
    process.env.AWS_PROFILE = 'personal';
    const teardown = await createGlobalSetup(fakeEmulator(stopped))();
    expect(process.env).toMatchObject({
      AWS_ENDPOINT_URL: 'http://127.0.0.1:45998',
      AWS_ACCESS_KEY_ID: 'AKIAFAKEEMULATOR0002',
      AWS_REGION: 'us-east-1',
      CLOUDLAB_TARGET: 'emulator',
    });
    expect(process.env.AWS_PROFILE).toBeUndefined();
    await teardown?.();
    expect(stopped).toEqual(['stop']);
    expect(process.env.AWS_ENDPOINT_URL).toBeUndefined();
    expect(process.env.AWS_PROFILE).toBe('personal');
  });

  it('starts nothing when an endpoint is already given or the target is real AWS', async () => {
    const stopped: string[] = [];
    process.env.AWS_ENDPOINT_URL = 'http://127.0.0.1:4566';
    expect(await createGlobalSetup(fakeEmulator(stopped))()).toBeUndefined();
    delete process.env.AWS_ENDPOINT_URL;
    process.env.CLOUDLAB_TARGET = 'aws';
    expect(await createGlobalSetup(fakeEmulator(stopped))()).toBeUndefined();
    expect(process.env.CLOUDLAB_LEARNER).toBe('student');
  });

  it('reaches lab code in pool=forks workers (a real nested Vitest run)', () => {
    const vitest = join(createRequire(import.meta.url).resolve('vitest/package.json'), '..', 'vitest.mjs');
    const marker = join(sandbox.home, 'stopped');
    const run = spawnSync(
      process.execPath,
      [vitest, 'run', '--config', join(import.meta.dirname, '../test-fixtures/forks-env/vitest.config.ts')],
      {
        env: { ...process.env, AWS_REGION: 'eu-west-1', STOP_MARKER: marker },
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(existsSync(marker) && readFileSync(marker, 'utf8')).toBe('stopped');
  }, 70_000);
});
