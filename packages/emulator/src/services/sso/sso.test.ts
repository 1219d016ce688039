import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetRoleCredentialsCommand, LogoutCommand, SSOClient } from '@aws-sdk/client-sso';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { fromSSO } from '@aws-sdk/credential-providers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../../index.ts';
import { clientsFor, movableClock } from '../../test-support/clients.ts';
import { signedFetch } from '../../test-support/signed-fetch.ts';
import { SSO_START_SESSION_PATH } from './index.ts';

const clock = movableClock();
let emulator: RunningEmulator;
let account: string;
let portal: SSOClient;

beforeAll(async () => {
  emulator = await startEmulator({ clock: clock.now });
  account = (await clientsFor(emulator).sts.send(new GetCallerIdentityCommand({}))).Account!;
  portal = new SSOClient({ endpoint: emulator.endpoint, region: emulator.region, maxAttempts: 1 });
});
afterAll(() => emulator.stop());

/** The emulator's sign-in, signed with the account's own keys, as `aws sso login` would end. */
async function signIn(body: Record<string, unknown> = {}) {
  return signedFetch({
    endpoint: emulator.endpoint,
    service: 'awsssoportal',
    region: emulator.region,
    credentials: emulator.credentials,
    path: SSO_START_SESSION_PATH,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

async function token(body: Record<string, unknown> = {}): Promise<string> {
  const answer = await signIn({ roleNames: ['ReadOnly'], ...body });
  expect(answer.status).toBe(200);
  return ((await answer.json()) as { accessToken: string }).accessToken;
}

const roleCredentials = (accessToken: string, roleName = 'ReadOnly', accountId = account) =>
  portal.send(new GetRoleCredentialsCommand({ accessToken, roleName, accountId }));

describe('GetRoleCredentials', () => {
  it('answers temporary credentials of the permission set role, expiring in epoch milliseconds', async () => {
    const before = clock.now();
    const { roleCredentials: credentials } = await roleCredentials(await token({ userName: 'ana' }));
    expect(credentials?.accessKeyId).toMatch(/^ASIA/);
    expect(credentials?.sessionToken).toBeTruthy();
    expect(credentials?.expiration).toBeGreaterThanOrEqual(before + 3600_000);
    expect(credentials?.expiration).toBeLessThan(before + 3700_000);
    const identity = await clientsFor(emulator, {
      accessKeyId: credentials!.accessKeyId!,
      secretAccessKey: credentials!.secretAccessKey!,
      sessionToken: credentials!.sessionToken!,
    }).sts.send(new GetCallerIdentityCommand({}));
    expect(identity.Arn).toMatch(
      new RegExp(`^arn:aws:sts::${account}:assumed-role/AWSReservedSSO_ReadOnly_[0-9a-f]{16}/ana$`),
    );
  });

  it('refuses an unknown token with UnauthorizedException (401)', async () => {
    const error = await roleCredentials('aoa-not-a-token').catch((e) => e);
    expect(error.name).toBe('UnauthorizedException');
    expect(error.$metadata.httpStatusCode).toBe(401);
  });

  it('refuses an expired token with UnauthorizedException', async () => {
    const accessToken = await token({ expiresInSeconds: 600 });
    await expect(roleCredentials(accessToken)).resolves.toBeDefined();
    clock.advance(601_000);
    await expect(roleCredentials(accessToken)).rejects.toMatchObject({ name: 'UnauthorizedException' });
  });

  it('answers ForbiddenException "No access" for a role or account not assigned to the user', async () => {
    const accessToken = await token();
    for (const [roleName, accountId] of [
      ['AdministratorAccess', account],
      ['ReadOnly', '000000000000'],
    ] as const) {
      const error = await roleCredentials(accessToken, roleName, accountId).catch((e) => e);
      expect(error.name).toBe('ForbiddenException');
      expect(error.message).toBe('No access');
      expect(error.$metadata.httpStatusCode).toBe(403);
    }
  });

  it('answers a raw request without a token or a role with AWS error codes, never a 500', async () => {
    const base = `${emulator.endpoint}/federation/credentials`;
    const noToken = await fetch(`${base}?role_name=ReadOnly&account_id=${account}`);
    expect(noToken.status).toBe(401);
    expect(noToken.headers.get('x-amzn-errortype')).toBe('UnauthorizedException');
    const noRole = await fetch(`${base}?account_id=${account}`, {
      headers: { 'x-amz-sso_bearer_token': await token() },
    });
    expect(noRole.status).toBe(400);
    expect(noRole.headers.get('x-amzn-errortype')).toBe('InvalidRequestException');
  });
});

describe('Logout', () => {
  it('ends the sign-in: the token is refused afterwards', async () => {
    const accessToken = await token();
    await portal.send(new LogoutCommand({ accessToken }));
    await expect(roleCredentials(accessToken)).rejects.toMatchObject({ name: 'UnauthorizedException' });
  });
});

describe('the sign-in', () => {
  it('refuses role names that are not a list of permission set names', async () => {
    const answer = await signIn({ roleNames: 'ReadOnly' });
    expect(answer.status).toBe(400);
    expect(answer.headers.get('x-amzn-errortype')).toBe('InvalidRequestException');
  });
});

describe("the SDK's SSO credential provider", () => {
  let home: string;
  beforeAll(() => {
    home = mkdtempSync(join(tmpdir(), 'cloudlab-sso-'));
  });
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it('resolves an sso-session profile from the token cache file through the portal', async () => {
    const accessToken = await token();
    const config = join(home, 'config');
    writeFileSync(
      config,
      [
        '[profile lab]',
        'sso_session = course',
        `sso_account_id = ${account}`,
        'sso_role_name = ReadOnly',
        '[sso-session course]',
        'sso_start_url = https://d-0000000000.awsapps.com/start',
        `sso_region = ${emulator.region}`,
        '',
      ].join('\n'),
    );
    // `aws sso login` names the cache file after the SHA-1 of the sso-session's name.
    const cache = join(home, '.aws', 'sso', 'cache');
    mkdirSync(cache, { recursive: true });
    writeFileSync(
      join(cache, `${createHash('sha1').update('course').digest('hex')}.json`),
      JSON.stringify({
        startUrl: 'https://d-0000000000.awsapps.com/start',
        region: emulator.region,
        accessToken,
        expiresAt: new Date(Date.now() + 3600_000).toISOString(),
      }),
    );
    const saved = { HOME: process.env.HOME, AWS_ENDPOINT_URL_SSO: process.env.AWS_ENDPOINT_URL_SSO };
    process.env.HOME = home;
    // The SDK's service-specific endpoint variable reaches the portal without any client config.
    process.env.AWS_ENDPOINT_URL_SSO = emulator.endpoint;
    try {
      const credentials = await fromSSO({
        profile: 'lab',
        configFilepath: config,
        filepath: join(home, 'credentials'),
        ignoreCache: true,
        clientConfig: { maxAttempts: 1 },
      })();
      expect(credentials.sessionToken).toBeTruthy();
      expect(Object.keys((credentials as { $source?: object }).$source ?? {})).toContain('CREDENTIALS_SSO');
    } finally {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });
});
