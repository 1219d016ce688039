import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { type RunningEmulator, startEmulator } from '@cloudlab/emulator';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { pointAtAwsEmulator, readAwsEmulatorRun } from './aws-emulator.ts';
import { createSession } from './session.ts';
import { isolateEnvironment } from './test-support.ts';

// AWS's emulator is not on this machine: cloudlab's own emulator over TLS stands in for it, with its keys,
// config and CA written to ~/.aws/emulator/<port>/ the way AWS's emulator writes them on start.
let emulator: RunningEmulator;
let sandbox: ReturnType<typeof isolateEnvironment>;
let port: string;
beforeAll(async () => {
  sandbox = isolateEnvironment();
  emulator = await startEmulator({ tlsDir: join(sandbox.home, 'tls') });
  port = new URL(emulator.endpoint).port;
}, 30_000);
afterAll(async () => {
  await emulator?.stop();
  sandbox.restore();
});

function writeRun(folderPort: string, options: { withCa?: boolean } = {}) {
  const folder = join(sandbox.home, '.aws', 'emulator', folderPort);
  mkdirSync(folder, { recursive: true });
  writeFileSync(
    join(folder, 'credentials'),
    `[default]\naws_access_key_id = ${emulator.credentials.accessKeyId}\naws_secret_access_key = ${emulator.credentials.secretAccessKey}\n`,
  );
  writeFileSync(
    join(folder, 'config'),
    `[default]\nregion = eu-central-1\nendpoint_url = ${emulator.endpoint}\n`,
  );
  if (options.withCa !== false) copyFileSync(emulator.caBundle!, join(folder, 'ca.pem'));
  return folder;
}

let saved: NodeJS.ProcessEnv;
beforeEach(() => {
  saved = { ...process.env };
  process.env.AWS_PROFILE = 'mine';
  process.env.AWS_ACCESS_KEY_ID = 'AKIAIOSFODNN7EXAMPLE';
});
afterEach(() => {
  for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
  Object.assign(process.env, saved);
});

describe('--target aws-emulator: a run of AWS Emulator found in ~/.aws/emulator/<port>/', {
  timeout: 30_000,
}, () => {
  it("grades against the run: its endpoint, keys, region and CA, none of the learner's own profile", async () => {
    const folder = writeRun(port);
    const session = createSession({ target: 'aws-emulator', awsEmulatorPort: Number(port) });
    expect(process.env).toMatchObject({
      CLOUDLAB_TARGET: 'endpoint',
      AWS_ENDPOINT_URL: emulator.endpoint,
      AWS_CA_BUNDLE: join(folder, 'ca.pem'),
      AWS_REGION: 'eu-central-1',
    });
    expect(process.env.AWS_PROFILE).toBeUndefined();
    const ssm = session.client(SSMClient, { maxAttempts: 1 });
    await ssm.send(new PutParameterCommand({ Name: '/emulated/a', Value: 'a', Type: 'String' }));
    expect((await ssm.send(new GetParameterCommand({ Name: '/emulated/a' }))).Parameter?.Value).toBe('a');
    expect((await session.describe()).endpoint).toBe(emulator.endpoint);
  });

  it('without a port, takes the only run there is', () => {
    writeRun(port);
    expect(readAwsEmulatorRun(undefined).endpoint).toBe(emulator.endpoint);
  });

  it('CLOUDLAB_AWS_EMULATOR_PORT names the run, as --aws-emulator-port does for the CLI', () => {
    writeRun(port);
    process.env.CLOUDLAB_AWS_EMULATOR_PORT = port;
    expect(pointAtAwsEmulator().folder).toBe(join(sandbox.home, '.aws', 'emulator', port));
    process.env.CLOUDLAB_AWS_EMULATOR_PORT = 'ninety';
    expect(() => pointAtAwsEmulator()).toThrow(/InvalidPort: "ninety" is not a port number/);
  });

  it('a port with no run (or a run without its CA) says where it looked and how to start one', () => {
    expect(() => readAwsEmulatorRun(9400)).toThrow(
      /AwsEmulatorNotRunning: no AWS Emulator run in .*emulator[\\/]9400 .* start `aws-emulator --port 9400`/,
    );
    writeRun('9401', { withCa: false });
    expect(() => readAwsEmulatorRun(9401)).toThrow(/AwsEmulatorNotRunning/);
  });
});
