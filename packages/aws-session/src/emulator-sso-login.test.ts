import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { fromSSO } from '@aws-sdk/credential-providers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emulatorSsoLogin } from './emulator-sso-login.ts';
import { createSession, type Session } from './session.ts';
import { isolateEnvironment } from './test-support.ts';

let sandbox: ReturnType<typeof isolateEnvironment>;
let session: Session;
let home: string;
let env: NodeJS.ProcessEnv;
let account: string;
beforeAll(async () => {
  sandbox = isolateEnvironment();
  session = createSession({ target: 'emulator', region: 'us-east-1' });
  home = mkdtempSync(join(tmpdir(), 'cloudlab-sso-login-'));
  const keys = (await session.credentials()).identity;
  account = (await session.whoami()).account;
  env = {
    HOME: home,
    AWS_CONFIG_FILE: join(home, 'config'),
    AWS_ENDPOINT_URL: (await session.endpoint())!,
    AWS_ACCESS_KEY_ID: keys.accessKeyId,
    AWS_SECRET_ACCESS_KEY: keys.secretAccessKey,
    ...(keys.sessionToken ? { AWS_SESSION_TOKEN: keys.sessionToken } : {}),
  };
}, 60_000);
afterAll(async () => {
  await session.close();
  sandbox.restore();
  rmSync(home, { recursive: true, force: true });
});

const config = (profile: string) =>
  [
    '[profile lab-sso]',
    profile,
    '[sso-session cloudlab]',
    'sso_start_url = https://d-9067000000.awsapps.com/start',
    'sso_region = us-east-1',
    '',
  ].join('\n');

describe('emulatorSsoLogin', () => {
  it('caches a token the SDK signs in with, as aws sso login does', async () => {
    writeFileSync(
      env.AWS_CONFIG_FILE!,
      config(`sso_session = cloudlab\nsso_account_id = ${account}\nsso_role_name = ReadOnly`),
    );
    const login = await emulatorSsoLogin({ profile: 'lab-sso', env });
    expect(login.cacheFile).toBe(
      join(home, '.aws', 'sso', 'cache', 'b47bd7aa25b3ab16c784712e9650de8704af5941.json'),
    );
    expect(statSync(login.cacheFile).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(login.cacheFile, 'utf8')).expiresAt).toMatch(
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/,
    );
    const savedHome = process.env.HOME;
    process.env.HOME = home;
    try {
      const credentials = fromSSO({
        profile: 'lab-sso',
        configFilepath: env.AWS_CONFIG_FILE,
        clientConfig: { endpoint: env.AWS_ENDPOINT_URL },
      });
      const sts = new STSClient({ endpoint: env.AWS_ENDPOINT_URL, region: 'us-east-1', credentials });
      const { Arn } = await sts.send(new GetCallerIdentityCommand({}));
      expect(Arn).toMatch(/:assumed-role\/AWSReservedSSO_ReadOnly_[0-9a-f]+\/student$/);
    } finally {
      process.env.HOME = savedHome;
    }
  });

  it('says what a legacy profile lacks, and where to read about it', async () => {
    writeFileSync(
      env.AWS_CONFIG_FILE!,
      config(
        `sso_start_url = https://d-9067000000.awsapps.com/start\nsso_account_id = ${account}\nsso_role_name = ReadOnly`,
      ),
    );
    await expect(emulatorSsoLogin({ profile: 'lab-sso', env })).rejects.toThrow(
      /^NotAnSsoSessionProfile: .*needs sso_session/,
    );
  });

  it('names the sso-session section it could not find', async () => {
    writeFileSync(
      env.AWS_CONFIG_FILE!,
      config(`sso_session = other\nsso_account_id = ${account}\nsso_role_name = ReadOnly`),
    );
    await expect(emulatorSsoLogin({ profile: 'lab-sso', env })).rejects.toThrow(/no \[sso-session other\]/);
  });
});
