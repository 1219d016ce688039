import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { type RunningEmulator, startEmulator } from '@cloudlab/emulator';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSession } from './session.ts';
import { isolateEnvironment } from './test-support.ts';

// Two TLS emulators, each with its own CA: the second's CA is "the wrong one" for the first.
let folder: string;
let emulator: RunningEmulator;
let other: RunningEmulator;
beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'cloudlab-ca-'));
  emulator = await startEmulator({ tlsDir: join(folder, 'one') });
  other = await startEmulator({ tlsDir: join(folder, 'two') });
}, 30_000);
afterAll(async () => {
  try {
    await emulator?.stop();
    await other?.stop();
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

let sandbox: ReturnType<typeof isolateEnvironment>;
beforeEach(() => {
  sandbox = isolateEnvironment();
  process.env.AWS_ACCESS_KEY_ID = emulator.credentials.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = emulator.credentials.secretAccessKey;
  process.env.AWS_REGION = emulator.region;
});
afterEach(() => sandbox.restore());

const ssmOf = () => createSession({ endpoint: emulator.endpoint }).client(SSMClient, { maxAttempts: 1 });

describe('TLS endpoints with a private CA', { timeout: 30_000 }, () => {
  it('the emulator serves HTTPS and names its CA', () => {
    expect(emulator.endpoint).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(emulator.caBundle).toBe(join(folder, 'one', 'ca.pem'));
  });

  it('trusts the CA that AWS_CA_BUNDLE names, for every client the session makes', async () => {
    process.env.AWS_CA_BUNDLE = emulator.caBundle;
    const ssm = ssmOf();
    await ssm.send(new PutParameterCommand({ Name: '/tls/a', Value: 'over https', Type: 'String' }));
    const out = await ssm.send(new GetParameterCommand({ Name: '/tls/a' }));
    expect(out.Parameter?.Value).toBe('over https');
    const session = createSession({ endpoint: emulator.endpoint });
    expect((await session.whoami()).account).toMatch(/^\d{12}$/);
    expect((await session.describe()).caBundle).toEqual({
      path: emulator.caBundle,
      source: 'env:AWS_CA_BUNDLE',
    });
  });

  it("trusts the profile's ca_bundle when AWS_CA_BUNDLE is not set", async () => {
    sandbox.writeAws('config', `[default]\nca_bundle = ${emulator.caBundle}\n`);
    const out = await ssmOf().send(new PutParameterCommand({ Name: '/tls/b', Value: 'b', Type: 'String' }));
    expect(out.Version).toBe(1);
  });

  it('AWS_CA_BUNDLE wins over the profile, as in the AWS CLI', async () => {
    sandbox.writeAws('config', `[default]\nca_bundle = ${other.caBundle}\n`);
    process.env.AWS_CA_BUNDLE = emulator.caBundle;
    const out = await ssmOf().send(new PutParameterCommand({ Name: '/tls/c', Value: 'c', Type: 'String' }));
    expect(out.Version).toBe(1);
  });

  it('a wrong CA fails with CertificateNotTrusted naming the bundle, not a stack of TLS internals', async () => {
    process.env.AWS_CA_BUNDLE = other.caBundle;
    const error = await ssmOf()
      .send(new GetParameterCommand({ Name: '/tls/a' }))
      .then(
        () => undefined,
        (e: unknown) => e as Error & { code?: string },
      );
    expect(error).toMatchObject({ name: 'SessionError', code: 'CertificateNotTrusted' });
    expect(error?.message).toContain(other.caBundle);
    expect(error?.message).toContain(emulator.endpoint);
  });

  it('no CA at all fails with CertificateNotTrusted saying to set AWS_CA_BUNDLE', async () => {
    const error = await ssmOf()
      .send(new GetParameterCommand({ Name: '/tls/a' }))
      .then(
        () => undefined,
        (e: unknown) => e as Error & { code?: string },
      );
    expect(error).toMatchObject({ code: 'CertificateNotTrusted' });
    expect(error?.message).toContain('set AWS_CA_BUNDLE');
  });

  it('a bundle that is missing or not PEM fails when the client is made, naming the file', () => {
    process.env.AWS_CA_BUNDLE = join(folder, 'nope.pem');
    expect(ssmOf).toThrow(/CaBundleNotFound: the CA bundle .*nope\.pem \(from env:AWS_CA_BUNDLE\)/);
    process.env.AWS_CA_BUNDLE = join(folder, 'one', 'server-key.pem');
    expect(ssmOf).toThrow(/CaBundleInvalid: .*server-key\.pem/);
  });

  it('a restart with the same folder keeps the CA, so an exported AWS_CA_BUNDLE stays valid', async () => {
    const again = await startEmulator({ tlsDir: join(folder, 'one') });
    try {
      process.env.AWS_CA_BUNDLE = emulator.caBundle;
      process.env.AWS_ACCESS_KEY_ID = again.credentials.accessKeyId;
      process.env.AWS_SECRET_ACCESS_KEY = again.credentials.secretAccessKey;
      const ssm = createSession({ endpoint: again.endpoint }).client(SSMClient, { maxAttempts: 1 });
      const out = await ssm.send(new PutParameterCommand({ Name: '/tls/d', Value: 'd', Type: 'String' }));
      expect(out.Version).toBe(1);
    } finally {
      await again.stop();
    }
  });
});
