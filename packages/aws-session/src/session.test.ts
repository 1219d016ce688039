import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSession } from './session.ts';
import { isolateEnvironment, startStubSts } from './test-support.ts';

const SECRET = 'wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEYxx';
const TOKEN = 'IQoJb3JpZ2luX2VjEXAMPLEsessionTOKENvalue000000';

let sandbox: ReturnType<typeof isolateEnvironment>;
beforeEach(() => {
  sandbox = isolateEnvironment();
});
afterEach(() => sandbox.restore());

function expectNoSecrets(text: string) {
  expect(text).not.toContain(SECRET);
  expect(text).not.toContain(TOKEN);
  expect(text).not.toContain('assumedSecretKeyValue');
}

// Some cases start real processes (credential_process) and HTTP servers: allow for a busy machine.
describe('session credentials: where they come from', { timeout: 30_000 }, () => {
  it('reports static environment keys as the environment, redacted', async () => {
    process.env.AWS_ACCESS_KEY_ID = 'AKIAIOSFODNN7EXAMPLE';
    process.env.AWS_SECRET_ACCESS_KEY = SECRET;
    const session = createSession({ target: 'aws', region: 'us-east-1' });
    const creds = await session.credentials();
    expect(creds.source.kind).toBe('environment');
    expect(creds.temporary).toBe(false);
    const described = await session.describe();
    expect(described.credentials).toMatchObject({ source: 'environment', accessKeyId: 'AKIA…MPLE' });
    expectNoSecrets(JSON.stringify(described));
  });

  it('reports a static shared profile with its file', async () => {
    const file = sandbox.writeAws(
      'credentials',
      `[dev]\naws_access_key_id = AKIADEVPROFILE000001\naws_secret_access_key = ${SECRET}\n`,
    );
    const session = createSession({ target: 'aws', profile: 'dev', region: 'eu-west-1' });
    const creds = await session.credentials();
    expect(creds.source).toMatchObject({ kind: 'profile', profile: 'dev', file });
    expect(creds.identity.accessKeyId).toBe('AKIADEVPROFILE000001');
  });

  it('assumes a role through source_profile against STS and reports the role and expiry', async () => {
    const sts = await startStubSts({ callerArn: 'arn:aws:sts::123456789012:assumed-role/lab-role/s' });
    try {
      process.env.AWS_ENDPOINT_URL_STS = sts.endpoint;
      sandbox.writeAws(
        'credentials',
        `[base]\naws_access_key_id = AKIABASEPROFILE00001\naws_secret_access_key = ${SECRET}\n`,
      );
      sandbox.writeAws(
        'config',
        '[profile lab]\nrole_arn = arn:aws:iam::123456789012:role/lab-role\nsource_profile = base\nregion = us-east-1\n',
      );
      const session = createSession({ target: 'aws', profile: 'lab' });
      const creds = await session.credentials();
      expect(creds.source.kind).toBe('assume-role');
      expect(creds.source.label).toContain('arn:aws:iam::123456789012:role/lab-role');
      expect(creds.source.label).toContain('source_profile "base"');
      expect(creds.identity.accessKeyId).toBe('ASIAASSUMEDROLE00001');
      expect(creds.temporary).toBe(true);
      expect(creds.expiration?.getTime()).toBeGreaterThan(Date.now());
      expect(sts.requests.some((r) => r.body.includes('Action=AssumeRole'))).toBe(true);
      const described = await session.describe();
      expect(described.credentials?.expiration).toMatch(/^\d{4}-\d\d-\d\dT/);
      expectNoSecrets(JSON.stringify(described));
    } finally {
      await sts.close();
    }
  });

  it('runs a real credential_process script and reports it', async () => {
    const script = join(sandbox.home, 'creds process.mjs');
    const expiration = new Date(Date.now() + 3600_000).toISOString();
    writeFileSync(
      script,
      `console.log(JSON.stringify({ Version: 1, AccessKeyId: 'ASIAPROCESS000000001', SecretAccessKey: '${SECRET}', SessionToken: '${TOKEN}', Expiration: '${expiration}' }));\n`,
    );
    chmodSync(script, 0o755);
    sandbox.writeAws('config', `[profile proc]\ncredential_process = "${process.execPath}" "${script}"\n`);
    const session = createSession({ target: 'aws', profile: 'proc', region: 'us-east-1' });
    const creds = await session.credentials();
    expect(creds.source.kind).toBe('credential-process');
    expect(creds.identity.accessKeyId).toBe('ASIAPROCESS000000001');
    expect(creds.expiration?.toISOString()).toBe(expiration);
  });

  it('says an expired credential_process session is expired, in one line', async () => {
    const script = join(sandbox.home, 'expired.mjs');
    writeFileSync(
      script,
      `console.log(JSON.stringify({ Version: 1, AccessKeyId: 'ASIAPROCESS000000002', SecretAccessKey: '${SECRET}', SessionToken: '${TOKEN}', Expiration: '2020-01-01T00:00:00Z' }));\n`,
    );
    sandbox.writeAws('config', `[profile old]\ncredential_process = "${process.execPath}" "${script}"\n`);
    const session = createSession({ target: 'aws', profile: 'old', region: 'us-east-1' });
    const error = await session.credentials().then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).toMatch(/^ExpiredToken: .*refresh/);
    expect(error?.message).not.toContain('\n');
    expectNoSecrets(error?.message ?? '');
  });

  it('recognises Cloud9 managed temporary credentials from the file and C9 variables', async () => {
    sandbox.writeAws(
      'credentials',
      `[default]\naws_access_key_id = ASIACLOUD9MANAGED001\naws_secret_access_key = ${SECRET}\naws_session_token = ${TOKEN}\n`,
    );
    process.env.C9_HOSTNAME = 'abc.vfs.cloud9.us-east-1.amazonaws.com';
    process.env.C9_USER = 'student';
    const session = createSession({ target: 'aws', region: 'us-east-1' });
    const described = await session.describe();
    expect(described.cloud9.detected).toBe(true);
    expect(described.cloud9.markers).toEqual(expect.arrayContaining(['C9_HOSTNAME', 'C9_USER']));
    expect(described.credentials).toMatchObject({ source: 'cloud9-managed', temporary: true });
    expect(described.credentials?.label).toContain('refreshed by Cloud9 about every 5 minutes');
    // Cloud9 rewrites the file every ~5 minutes: clients must re-read it before then.
    const { identity } = await session.credentials();
    expect(identity.expiration?.getTime()).toBeLessThanOrEqual(Date.now() + 5 * 60_000);
    expectNoSecrets(JSON.stringify(described));
  });

  it('treats the same file without C9 markers as an ordinary profile', async () => {
    sandbox.writeAws(
      'credentials',
      `[default]\naws_access_key_id = ASIACLOUD9MANAGED001\naws_secret_access_key = ${SECRET}\naws_session_token = ${TOKEN}\n`,
    );
    const creds = await createSession({ target: 'aws', region: 'us-east-1' }).credentials();
    expect(creds.source.kind).toBe('profile');
  });

  it('explains what to do when there are no credentials at all', async () => {
    const session = createSession({ target: 'aws', region: 'us-east-1' });
    await expect(session.credentials()).rejects.toThrow(
      /^CredentialsNotFound: no AWS credentials found .*aws configure.*--target emulator/,
    );
    expect((await session.describe()).credentialsError).toMatch(/^CredentialsNotFound/);
  });

  it('names a missing profile and how to list the real ones', async () => {
    sandbox.writeAws('config', '[default]\nregion = us-east-1\n');
    const session = createSession({ target: 'aws', profile: 'nope' });
    await expect(session.credentials()).rejects.toThrow(
      /^ProfileNotFound: profile "nope" is not in .* — list profiles with `aws configure list-profiles`/,
    );
  });
});

describe('session clients', { timeout: 30_000 }, () => {
  it('points any client at the endpoint target, with region, retries and the cloudlab user agent', async () => {
    const sts = await startStubSts({ callerArn: 'arn:aws:iam::123456789012:user/student' });
    try {
      process.env.AWS_ACCESS_KEY_ID = 'AKIAIOSFODNN7EXAMPLE';
      process.env.AWS_SECRET_ACCESS_KEY = SECRET;
      const session = createSession({ endpoint: sts.endpoint, region: 'eu-west-3' });
      expect(session.target).toBe('endpoint');
      const identity = await session.whoami();
      expect(identity).toMatchObject({
        account: '123456789012',
        principal: { type: 'iam-user', name: 'student' },
      });
      const request = sts.requests.at(-1);
      expect(request?.headers['user-agent']).toMatch(/cloudlab\/\d+\.\d+\.\d+/);
      expect(request?.headers.authorization).toContain('/eu-west-3/sts/aws4_request');

      const ssm = session.client(SSMClient);
      expect(await ssm.config.region()).toBe('eu-west-3');
      expect(await ssm.config.maxAttempts()).toBe(3);
      await expect(ssm.send(new GetParameterCommand({ Name: 'x' }))).rejects.toThrow();
      expect(sts.requests.at(-1)?.headers['x-amz-target']).toBe('AmazonSSM.GetParameter');
    } finally {
      await sts.close();
    }
  });

  it('uses path-style S3 addressing on local targets only', async () => {
    process.env.AWS_ACCESS_KEY_ID = 'AKIAIOSFODNN7EXAMPLE';
    process.env.AWS_SECRET_ACCESS_KEY = SECRET;
    const local = createSession({ endpoint: 'http://127.0.0.1:4566', region: 'us-east-1' }).client(S3Client);
    expect(local.config.forcePathStyle).toBe(true);
    const aws = createSession({ target: 'aws', region: 'us-east-1' }).client(S3Client);
    expect(aws.config.forcePathStyle).toBeFalsy();
  });

  it('fails the emulator target with a clear message while the emulator cannot start', async () => {
    const session = createSession();
    expect(session.target).toBe('emulator');
    expect(session.region).toBe('us-east-1');
    const described = await session.describe();
    if (described.credentialsError) {
      expect(described.credentialsError).toMatch(/^EmulatorUnavailable: .*--endpoint/);
    } else {
      expect(described.credentials?.source).toBe('emulator');
      expect(described.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    }
    await session.close();
  });
});
