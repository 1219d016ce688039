import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { check } from '@cloudlab/grader';
import {
  credentialSource,
  describeCredentials,
  formatCredentials,
  maskAccessKeyId,
} from '@lab/credentials.ts';
import { expect } from 'vitest';
import { startContainerEndpoint } from './support/container.ts';
import { startInstanceMetadata } from './support/imds.ts';
import {
  CLOUD9_ENV,
  credentialsSection,
  fakeAccessKeyId,
  fakeSecretAccessKey,
  tempFolder,
  useCredentialsFile,
  useSandbox,
  useSharedFiles,
} from './support/sandbox.ts';
import { signInToPortal, ssoFiles, ssoSessionName, useHomeRestore, usePortal } from './support/sso.ts';
import { labRoleArn, testSts } from './support/sts.ts';

useSandbox();
const useHome = useHomeRestore();

const exercise = 1;

check(
  'maskAccessKeyId keeps only the first and last four characters',
  {
    points: 5,
    exercise,
    hint: [
      'Use slice(0, 4) and slice(-4) with "…" between them.',
      'A key id of eight characters or fewer would be shown whole that way: return "…" alone for it.',
    ],
  },
  () => {
    const key = fakeAccessKeyId();
    const masked = maskAccessKeyId(key);
    expect(masked).toBe(`${key.slice(0, 4)}…${key.slice(-4)}`);
    // LocalStack's documented keys are the word "test": first four and last four would be the whole key.
    for (const short of ['test', 'AKIA1234']) {
      const masked = maskAccessKeyId(short);
      expect(
        [masked.includes(short), masked.replaceAll('…', '') === short],
        `the mask ${JSON.stringify(masked)} of the ${short.length}-character key id ${short}: never the whole key id, not even around an ellipsis`,
      ).toEqual([false, false]);
      expect(
        masked,
        `the mask of the ${short.length}-character key id ${short}: none of its characters, but not an empty string either — the line must still show that a key was found (the chapter: "…" alone)`,
      ).not.toBe('');
    }
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
    expect(sameFileOutsideCloud9.source, 'the same file outside Cloud9 (no C9_* variables)').toBe(
      'shared-profile',
    );
    // A learner's own long-term keys (aws configure) in a Cloud9 terminal: no session token, not Cloud9's.
    useCredentialsFile({ accessKeyId: fakeAccessKeyId(), secretAccessKey: fakeSecretAccessKey() });
    expect(
      (await describeCredentials({ ...process.env, ...CLOUD9_ENV })).source,
      'long-term keys without a session token in ~/.aws/credentials, read in a Cloud9 terminal',
    ).toBe('shared-profile');
  },
);

check(
  'with AWS_PROFILE set the chain skips the environment keys, and the summary follows the chain',
  {
    points: 5,
    exercise,
    concept: 'credential chain',
    hint: [
      'When AWS_PROFILE is set, fromNodeProviderChain skips AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY and reads that profile (it warns about the conflict).',
      'Describe what the chain returned — its $source, its key id, its session token — never what the environment variables say.',
    ],
  },
  async () => {
    const profileKey = fakeAccessKeyId();
    useSharedFiles({
      credentials: credentialsSection('dev', {
        accessKeyId: profileKey,
        secretAccessKey: fakeSecretAccessKey(),
      }),
    });
    // Left over in the terminal from an earlier `aws sts assume-role` …
    process.env.AWS_ACCESS_KEY_ID = fakeAccessKeyId('ASIA');
    process.env.AWS_SECRET_ACCESS_KEY = fakeSecretAccessKey();
    process.env.AWS_SESSION_TOKEN = `FwoG${fakeSecretAccessKey()}`;
    // … then `export AWS_PROFILE=dev`.
    process.env.AWS_PROFILE = 'dev';
    const summary = await describeCredentials({ ...process.env });
    expect(
      summary,
      "AWS_PROFILE=dev (long-term keys) and the environment's temporary keys are both set",
    ).toEqual(
      expect.objectContaining({
        source: 'shared-profile',
        accessKeyId: maskAccessKeyId(profileKey),
        temporary: false,
      }),
    );
  },
);

check(
  'temporary means the resolved credentials carry a session token, whatever their key id looks like',
  {
    points: 4,
    exercise,
    concept: 'credential chain',
    hint: [
      'temporary is Boolean(credentials.sessionToken) of what the chain returned: not the ASIA prefix, not AWS_SESSION_TOKEN.',
      'Endpoints other than AWS use other prefixes (LocalStack issues temporary keys starting LSIA): only the session token is certain.',
      'formatCredentials: "temporary", then ", expires " and expiration.toISOString() when the summary has an expiration; "long-term" otherwise.',
    ],
  },
  async () => {
    const key = `LSIA${fakeAccessKeyId().slice(4)}`;
    useCredentialsFile({ accessKeyId: key, secretAccessKey: fakeSecretAccessKey(), sessionToken: 'token' });
    const summary = await describeCredentials({});
    expect(
      summary,
      'a LocalStack session (key LSIA…, with a session token) in ~/.aws/credentials',
    ).toMatchObject({
      source: 'shared-profile',
      temporary: true,
    });
    expect(formatCredentials(summary)).toMatch(/temporary/);
    expect(formatCredentials(summary), 'the line for temporary credentials without an expiry').toBe(
      `credentials: shared-profile, key ${summary.accessKeyId}, temporary`,
    );
    expect(
      formatCredentials({ source: 'environment', accessKeyId: 'AKIA…WXYZ', temporary: false }),
      'the line for long-term keys, as the chapter shows it',
    ).toBe('credentials: environment, key AKIA…WXYZ, long-term');
    const expiration = new Date('2026-11-25T12:15:00.000Z');
    expect(
      formatCredentials({ source: 'sso', accessKeyId: 'ASIA…7Q2M', temporary: true, expiration }),
      'the line for temporary credentials with an expiration: the chapter adds ", expires" and the ISO time (toISOString())',
    ).toBe('credentials: sso, key ASIA…7Q2M, temporary, expires 2026-11-25T12:15:00.000Z');
  },
);

check(
  'a profile that assumes a role with credential_source = Environment is an assume-role profile',
  {
    points: 5,
    exercise,
    concept: 'credential chain',
    hint: [
      "role_arn with credential_source = Environment: the SDK signs AssumeRole with the environment keys and returns the role's temporary credentials.",
      'Their $source names the profile (CREDENTIALS_PROFILE_SOURCE_PROFILE) and STS (CREDENTIALS_STS_ASSUME_ROLE), not CREDENTIALS_ENV_VARS: the environment only signed the call.',
    ],
  },
  async () => {
    // The grader's own keys sign AssumeRole, read before the sandbox clears the environment.
    const own = await testSts().config.credentials();
    const roleArn = await labRoleArn();
    useSharedFiles({
      config: `[profile lab]\nrole_arn = ${roleArn}\ncredential_source = Environment\nregion = ${process.env.AWS_REGION ?? 'us-east-1'}\n`,
    });
    process.env.AWS_ACCESS_KEY_ID = own.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = own.secretAccessKey;
    if (own.sessionToken) process.env.AWS_SESSION_TOKEN = own.sessionToken;
    process.env.AWS_PROFILE = 'lab';
    const summary = await describeCredentials({ ...process.env });
    expect(summary, `[profile lab] role_arn = ${roleArn}, credential_source = Environment`).toMatchObject({
      source: 'assume-role-profile',
      temporary: true,
    });
    expect(summary.accessKeyId, "the role's key id, not the environment's").not.toBe(
      maskAccessKeyId(own.accessKeyId),
    );
    expect(summary.expiration, "the role credentials' expiration, kept in the summary").toBeInstanceOf(Date);
  },
);

check(
  'describeCredentials recognises an instance role reached through EC2 instance metadata, in Cloud9 too',
  {
    points: 5,
    exercise,
    concept: 'credential chain',
    hint: [
      "The default chain's last step asks instance metadata (or a container endpoint) and, in this SDK version, stamps no $source at all.",
      'No $source from fromNodeProviderChain means that remote step: a container when AWS_CONTAINER_CREDENTIALS_* is set, instance metadata otherwise.',
      "An instance role in a Cloud9 terminal is the chapter's fix for managed credentials: it is instance-metadata, not cloud9-managed.",
    ],
  },
  async () => {
    const imds = await startInstanceMetadata('C9Role', {
      accessKeyId: fakeAccessKeyId('ASIA'),
      secretAccessKey: fakeSecretAccessKey(),
      sessionToken: `IQoJ${fakeSecretAccessKey()}`,
    });
    try {
      useSharedFiles({});
      delete process.env.AWS_EC2_METADATA_DISABLED;
      process.env.AWS_EC2_METADATA_SERVICE_ENDPOINT = imds.endpoint;
      const summary = await describeCredentials({ ...process.env, ...CLOUD9_ENV });
      expect(
        summary,
        'no keys in the environment or the shared files; an instance profile on the instance',
      ).toMatchObject({
        source: 'instance-metadata',
        temporary: true,
      });
    } finally {
      await imds.close();
    }
  },
);

check(
  'describeCredentials names an IAM Identity Center profile sso, signed in through the portal',
  {
    points: 4,
    exercise,
    concept: 'IAM Identity Center',
    hint: [
      'A profile with sso_session resolves through the SSO portal; its $source names CREDENTIALS_SSO and CREDENTIALS_PROFILE_SSO.',
      'The role credentials carry a session token and an expiration: temporary, and keep the expiration in the summary.',
    ],
  },
  async () => {
    const signedIn = await signInToPortal({ roleNames: ['ReadOnly'] });
    const region = signedIn.portal.region;
    const home = tempFolder();
    useSharedFiles({
      config: ssoFiles({
        home,
        profile: 'work',
        ssoSession: ssoSessionName(),
        accountId: signedIn.accountId,
        roleName: 'ReadOnly',
        accessToken: signedIn.accessToken,
        region,
      }),
    });
    useHome(home);
    usePortal(signedIn);
    process.env.AWS_PROFILE = 'work';
    const summary = await describeCredentials({ ...process.env });
    expect(summary, 'AWS_PROFILE=work, an sso-session profile signed in with aws sso login').toMatchObject({
      source: 'sso',
      temporary: true,
    });
    expect(summary.expiration, "the role credentials' expiration, kept in the summary").toBeInstanceOf(Date);
  },
);

check(
  'describeCredentials names a credential_process profile credential-process, with the Expiration it printed',
  {
    points: 4,
    exercise,
    concept: 'credential chain',
    hint: [
      'A profile with credential_process runs the command and reads the JSON it prints (Version 1, AccessKeyId, SecretAccessKey, SessionToken, Expiration); its $source names CREDENTIALS_PROCESS.',
      'Expiration arrives on the credentials as `expiration`: keep it, the SDK runs the command again when it nears.',
    ],
  },
  async () => {
    const folder = tempFolder();
    const expiration = new Date(Math.floor(Date.now() / 1000 + 3600) * 1000);
    const key = fakeAccessKeyId('ASIA');
    const printed = {
      Version: 1,
      AccessKeyId: key,
      SecretAccessKey: fakeSecretAccessKey(),
      SessionToken: `IQoJ${fakeSecretAccessKey()}`,
      Expiration: expiration.toISOString(),
    };
    // The command prints a file: `cat` starts in milliseconds where a second node took ~0.3 s of the lab's grade.
    const printedFile = join(folder, 'credentials.json');
    writeFileSync(printedFile, JSON.stringify(printed));
    const command = process.platform === 'win32' ? `type "${printedFile}"` : `cat "${printedFile}"`;
    useSharedFiles({ config: `[profile tool]\ncredential_process = ${command}\n` });
    process.env.AWS_PROFILE = 'tool';
    const summary = await describeCredentials({ ...process.env });
    expect(summary, '[profile tool] credential_process = cat credentials.json').toMatchObject({
      source: 'credential-process',
      accessKeyId: maskAccessKeyId(key),
      temporary: true,
    });
    expect(summary.expiration?.toISOString(), 'the Expiration the command printed').toBe(
      expiration.toISOString(),
    );
  },
);

check(
  'describeCredentials names a container endpoint with a token file (EKS Pod Identity) container',
  {
    points: 4,
    exercise,
    concept: 'credential chain',
    hint: [
      'ECS sets AWS_CONTAINER_CREDENTIALS_RELATIVE_URI; EKS Pod Identity sets AWS_CONTAINER_CREDENTIALS_FULL_URI and AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE. Either is the container step.',
      'The default chain reads either endpoint with its HTTP provider, which stamps CREDENTIALS_HTTP: map that name to container, whichever variable led there.',
    ],
  },
  async () => {
    const token = `pod-identity-${fakeSecretAccessKey()}`;
    const endpoint = await startContainerEndpoint(
      token,
      {
        accessKeyId: fakeAccessKeyId('ASIA'),
        secretAccessKey: fakeSecretAccessKey(),
        sessionToken: `IQoJ${fakeSecretAccessKey()}`,
      },
      new Date(Date.now() + 3600_000),
    );
    try {
      useSharedFiles({});
      const tokenFile = join(tempFolder(), 'eks-pod-identity-token');
      writeFileSync(tokenFile, token);
      process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI = endpoint.fullUri;
      process.env.AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE = tokenFile;
      const summary = await describeCredentials({ ...process.env });
      expect(
        summary,
        'AWS_CONTAINER_CREDENTIALS_FULL_URI and AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE, as EKS Pod Identity sets them',
      ).toMatchObject({ source: 'container', temporary: true });
    } finally {
      await endpoint.close();
    }
  },
);

check(
  'credentialSource maps each SDK provider to its source',
  {
    points: 5,
    exercise,
    concept: 'credential chain',
    hint: [
      'Map the $source feature names: CREDENTIALS_HTTP → container, CREDENTIALS_IMDS → instance-metadata, …',
      'A provider that builds on another adds its own name beside the other\'s: test the most specific names first (a web identity token from the environment is not "environment").',
    ],
  },
  () => {
    const base = { accessKeyId: fakeAccessKeyId(), secretAccessKey: fakeSecretAccessKey() };
    // The feature sets the SDK's providers write (@aws-sdk/credential-provider-*), one provider per row.
    const written: Array<[Record<string, string>, string]> = [
      [{ CREDENTIALS_ENV_VARS: 'g' }, 'environment'],
      [{ CREDENTIALS_PROFILE: 'n' }, 'shared-profile'],
      [{ CREDENTIALS_STS_ASSUME_ROLE: 'i', CREDENTIALS_PROFILE_SOURCE_PROFILE: 'o' }, 'assume-role-profile'],
      [{ CREDENTIALS_SSO: 's', CREDENTIALS_PROFILE_SSO: 'r' }, 'sso'],
      [{ CREDENTIALS_SSO_LEGACY: 'u', CREDENTIALS_PROFILE_SSO_LEGACY: 't' }, 'sso'],
      [{ CREDENTIALS_PROCESS: 'w', CREDENTIALS_PROFILE_PROCESS: 'v' }, 'credential-process'],
      [
        { CREDENTIALS_STS_ASSUME_ROLE_WEB_ID: 'k', CREDENTIALS_ENV_VARS_STS_WEB_ID_TOKEN: 'h' },
        'web-identity',
      ],
      [
        { CREDENTIALS_STS_ASSUME_ROLE_WEB_ID: 'k', CREDENTIALS_PROFILE_STS_WEB_ID_TOKEN: 'q' },
        'web-identity',
      ],
      [{ CREDENTIALS_HTTP: 'z' }, 'container'],
      [{ CREDENTIALS_IMDS: '0' }, 'instance-metadata'],
    ];
    for (const [$source, expected] of written) {
      expect(credentialSource({ ...base, $source }, {}), `$source ${JSON.stringify($source)}`).toBe(expected);
    }
    // Each name of the chapter's table on its own: another SDK version may stamp one without the other.
    const alone: Array<[string, string]> = [
      ['CREDENTIALS_ENV_VARS_STS_WEB_ID_TOKEN', 'web-identity'],
      ['CREDENTIALS_PROFILE_STS_WEB_ID_TOKEN', 'web-identity'],
      ['CREDENTIALS_STS_ASSUME_ROLE_WEB_ID', 'web-identity'],
      ['CREDENTIALS_PROFILE_SOURCE_PROFILE', 'assume-role-profile'],
      ['CREDENTIALS_PROFILE_NAMED_PROVIDER', 'assume-role-profile'],
      ['CREDENTIALS_STS_ASSUME_ROLE', 'assume-role-profile'],
      ['CREDENTIALS_PROFILE_SSO', 'sso'],
      ['CREDENTIALS_PROFILE_SSO_LEGACY', 'sso'],
      ['CREDENTIALS_SSO', 'sso'],
      ['CREDENTIALS_SSO_LEGACY', 'sso'],
      ['CREDENTIALS_PROFILE_PROCESS', 'credential-process'],
      ['CREDENTIALS_PROCESS', 'credential-process'],
    ];
    for (const [name, expected] of alone) {
      expect(credentialSource({ ...base, $source: { [name]: 'x' } }, {}), `$source { ${name} } alone`).toBe(
        expected,
      );
    }
    const profileSession = { ...base, sessionToken: 'FwoG-session', $source: { CREDENTIALS_PROFILE: 'n' } };
    expect(
      credentialSource(profileSession, { HOME: '/home/ana', PATH: '/usr/bin', AWS_PROFILE: 'default' }),
      'temporary keys from a profile in an ordinary terminal (HOME, PATH … but no C9_* variable)',
    ).toBe('shared-profile');
    expect(
      credentialSource({ ...base, $source: { CREDENTIALS_CODE: 'e' } }, {}),
      'keys written in code',
    ).toBe('unknown');
    expect(credentialSource(base, {}), "no $source: the default chain's instance-metadata step").toBe(
      'instance-metadata',
    );
    expect(
      credentialSource(base, { AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '/v2/credentials/abc' }),
      "no $source with AWS_CONTAINER_CREDENTIALS_RELATIVE_URI set: the chain's container step",
    ).toBe('container');
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
