import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGlobalSetup, startProcessEmulator } from './global-setup.ts';
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

  it('refuses a second emulator of its own while another Vitest instance of the process runs one', async () => {
    // process.env names one endpoint: the second would replace the first's, and the first instance's teardown
    // would then remove it under the second's run (dev check grading labs side by side, ECONNREFUSED).
    const stopped: string[] = [];
    const [first, second] = await Promise.allSettled([
      createGlobalSetup(fakeEmulator(stopped))(),
      createGlobalSetup(fakeEmulator(stopped))(),
    ]);
    expect(second).toMatchObject({
      status: 'rejected',
      reason: { message: expect.stringContaining('start one emulator for the whole process first') },
    });
    expect(first.status).toBe('fulfilled');
    await (first as PromiseFulfilledResult<(() => Promise<void>) | undefined>).value?.();
    expect(stopped).toEqual(['stop']);
    // Once it is stopped, the next instance may start its own.
    const next = await createGlobalSetup(fakeEmulator(stopped))();
    expect(process.env.AWS_ENDPOINT_URL).toBe('http://127.0.0.1:45998');
    await next?.();
  });

  it('lets every Vitest instance use the process emulator, which only its own teardown stops', async () => {
    const stopped: string[] = [];
    process.env.AWS_PROFILE = 'personal';
    const stopProcessEmulator = await startProcessEmulator(fakeEmulator(stopped));
    const [first, second] = await Promise.all([
      createGlobalSetup(fakeEmulator(stopped))(),
      createGlobalSetup(fakeEmulator(stopped))(),
    ]);
    expect([first, second]).toEqual([undefined, undefined]);
    expect(process.env).toMatchObject({
      AWS_ENDPOINT_URL: 'http://127.0.0.1:45998',
      CLOUDLAB_TARGET: 'emulator',
    });
    await stopProcessEmulator();
    expect(stopped).toEqual(['stop']);
    expect(process.env.AWS_ENDPOINT_URL).toBeUndefined();
    expect(process.env.AWS_PROFILE).toBe('personal');
  });

  it('forgets an emulator that failed to start, so the next setup tries again', async () => {
    const failing = async () => {
      throw new Error('port in use');
    };
    await expect(createGlobalSetup(failing)()).rejects.toThrow('port in use');
    const stopped: string[] = [];
    const teardown = await createGlobalSetup(fakeEmulator(stopped))();
    expect(process.env.AWS_ENDPOINT_URL).toBe('http://127.0.0.1:45998');
    await teardown?.();
    expect(stopped).toEqual(['stop']);
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

  it('keeps the process emulator for Vitest instances graded side by side (real runs)', () => {
    // Vitest evaluates the setup file afresh per instance: the emulator is found through process-wide state.
    const driver = join(import.meta.dirname, '../test-fixtures/shared-emulator/two-instances.ts');
    const runs = (mode: string) => {
      const run = spawnSync(process.execPath, ['--import', 'tsx', driver, mode], {
        env: process.env,
        encoding: 'utf8',
        timeout: 90_000,
      });
      expect(run.status, run.stdout + run.stderr).toBe(0);
      return JSON.parse(run.stdout.trim().split('\n').at(-1) as string);
    };
    // dev check's way: one emulator for the process; both instances pass, also after the first closed.
    expect(runs('process-emulator')).toEqual({ together: [[], []], afterClose: [] });
    // Without it, one of the two instances fails at once, saying what to do, rather than the other losing its
    // endpoint in the middle of a run.
    const alone = runs('instance-emulators');
    expect(alone.together.flat()).toEqual([
      expect.stringContaining('start one emulator for the whole process'),
    ]);
  }, 200_000);
});
