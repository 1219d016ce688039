import { check } from '@cloudlab/grader';
import {
  credentialSource,
  describeCredentials,
  formatCredentials,
  maskAccessKeyId,
} from '@lab/credentials.ts';
import { expect } from 'vitest';
import {
  CLOUD9_ENV,
  fakeAccessKeyId,
  fakeSecretAccessKey,
  useCredentialsFile,
  useSandbox,
} from './support/sandbox.ts';

useSandbox();

const exercise = 1;

check(
  'maskAccessKeyId keeps only the first and last four characters',
  { points: 5, exercise, hint: ['Use slice(0, 4) and slice(-4) with "…" between them.'] },
  () => {
    const key = fakeAccessKeyId();
    const masked = maskAccessKeyId(key);
    expect(masked).toBe(`${key.slice(0, 4)}…${key.slice(-4)}`);
  },
);

check(
  'describeCredentials names the environment as the source when AWS_ACCESS_KEY_ID is set',
  {
    points: 5,
    exercise,
    concept: 'credential chain',
    hint: [
      'Resolve with fromNodeProviderChain() from @aws-sdk/credential-providers, then look at the $source of what it returns.',
      'The environment provider marks its credentials with the feature CREDENTIALS_ENV_VARS.',
    ],
  },
  async () => {
    const key = fakeAccessKeyId();
    process.env.AWS_ACCESS_KEY_ID = key;
    process.env.AWS_SECRET_ACCESS_KEY = fakeSecretAccessKey();
    delete process.env.AWS_SESSION_TOKEN;
    const summary = await describeCredentials({});
    expect(summary.source).toBe('environment');
    expect(summary.accessKeyId).toBe(maskAccessKeyId(key));
    expect(summary.temporary).toBe(false);
  },
);

check(
  'describeCredentials finds long-term keys in the shared credentials file',
  {
    points: 5,
    exercise,
    concept: 'credential chain',
    hint: [
      'With no keys in the environment the chain reads ~/.aws/credentials; its feature is CREDENTIALS_PROFILE.',
    ],
  },
  async () => {
    useCredentialsFile({ accessKeyId: fakeAccessKeyId(), secretAccessKey: fakeSecretAccessKey() });
    const summary = await describeCredentials({});
    expect(summary).toMatchObject({ source: 'shared-profile', temporary: false });
  },
);

check(
  'describeCredentials recognises Cloud9 managed temporary credentials',
  {
    points: 5,
    exercise,
    concept: 'Cloud9 managed credentials',
    hint: [
      'Cloud9 writes its managed credentials into the [default] profile of ~/.aws/credentials, with a session token.',
      'A Cloud9 terminal has C9_* environment variables (C9_HOSTNAME, C9_USER, …): profile + session token + C9_* → cloud9-managed.',
    ],
  },
  async () => {
    useCredentialsFile({
      accessKeyId: fakeAccessKeyId('ASIA'),
      secretAccessKey: fakeSecretAccessKey(),
      sessionToken: 'token',
    });
    const summary = await describeCredentials({ ...process.env, ...CLOUD9_ENV });
    expect(summary).toMatchObject({ source: 'cloud9-managed', temporary: true });
    const sameFileOutsideCloud9 = await describeCredentials({});
    expect(sameFileOutsideCloud9.source).toBe('shared-profile');
  },
);

check(
  'credentialSource maps each SDK provider to its source',
  {
    points: 4,
    exercise,
    hint: [
      'Map the $source feature names: CREDENTIALS_HTTP → container, CREDENTIALS_IMDS → instance-metadata, …',
    ],
  },
  () => {
    const base = { accessKeyId: fakeAccessKeyId(), secretAccessKey: fakeSecretAccessKey() };
    expect(credentialSource({ ...base, $source: { CREDENTIALS_HTTP: 'z' } }, {})).toBe('container');
    expect(credentialSource({ ...base, $source: { CREDENTIALS_IMDS: '0' } }, {})).toBe('instance-metadata');
    expect(
      credentialSource(
        { ...base, $source: { CREDENTIALS_PROFILE_PROCESS: 'v', CREDENTIALS_PROFILE: 'n' } },
        {},
      ),
    ).toBe('credential-process');
    expect(
      credentialSource({ ...base, $source: { CREDENTIALS_PROFILE_SSO: 'r', CREDENTIALS_PROFILE: 'n' } }, {}),
    ).toBe('sso');
    expect(
      credentialSource(
        { ...base, $source: { CREDENTIALS_PROFILE_SOURCE_PROFILE: 'o', CREDENTIALS_PROFILE: 'n' } },
        {},
      ),
    ).toBe('assume-role-profile');
    expect(credentialSource(base, {})).toBe('unknown');
  },
);

check(
  'the printed credential summary never contains the secret key, the session token or the whole key id',
  {
    points: 6,
    exercise,
    concept: 'secrets stay secret',
    hint: [
      'Print the masked key id, the source and the expiry; never the secret access key or the session token.',
      'Check both the summary object (it may be logged as JSON) and the line formatCredentials returns.',
    ],
  },
  async () => {
    const secret = fakeSecretAccessKey();
    const token = `FwoG${fakeSecretAccessKey()}`;
    const key = fakeAccessKeyId('ASIA');
    useCredentialsFile({ accessKeyId: key, secretAccessKey: secret, sessionToken: token });
    const summary = await describeCredentials({});
    const printed = [formatCredentials(summary), JSON.stringify(summary)].join('\n');
    for (const value of [secret, token, key]) expect(printed).not.toContain(value);
    expect(formatCredentials(summary)).toContain(summary.accessKeyId);
    expect(formatCredentials(summary)).toContain('shared-profile');
    expect(formatCredentials(summary)).toMatch(/temporary/);
  },
);
