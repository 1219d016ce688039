import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type SsoSignedIn, type SsoSignIn, signInToEmulatorSso } from '@cloudlab/aws-session';
import { afterEach } from 'vitest';
import { testSts } from './sts.ts';

export const START_URL = 'https://d-9067000000.awsapps.com/start';

/** A fresh sso-session name per check: the SDK remembers refresh attempts per session name. */
export const ssoSessionName = (): string => `course-${randomBytes(4).toString('hex')}`;

/**
 * Signs in to the emulator's IAM Identity Center with the grader's own keys, as the browser step of
 * `aws sso login` would. Call it before the sandbox clears the environment's keys.
 */
export async function signInToPortal(signIn: SsoSignIn = {}): Promise<SsoSignedIn> {
  const endpoint = process.env.AWS_ENDPOINT_URL;
  if (!endpoint) {
    throw new Error(
      "this check signs in to the emulator's IAM Identity Center portal: grade on the emulator (the default), since on AWS the sign-in is a browser step",
    );
  }
  const sts = testSts();
  return signInToEmulatorSso(
    { endpoint, region: await sts.config.region(), credentials: await sts.config.credentials() },
    signIn,
  );
}

/**
 * Points the SDK's home folder (where it finds ~/.aws/sso/cache) at `home` until the end of the check.
 * Call once per test file, at its top, like useSandbox.
 */
export function useHomeRestore(): (home: string) => void {
  const saved = process.env.HOME;
  afterEach(() => {
    if (saved === undefined) delete process.env.HOME;
    else process.env.HOME = saved;
  });
  return (home) => {
    process.env.HOME = home;
  };
}

/** The grader's own sso-session profile and cached token, written without the code under test. */
export function ssoFiles(options: {
  home: string;
  profile: string;
  ssoSession: string;
  accountId: string;
  roleName: string;
  accessToken: string;
  region: string;
}): string {
  const cache = join(options.home, '.aws', 'sso', 'cache');
  mkdirSync(cache, { recursive: true });
  writeFileSync(
    join(cache, `${createHash('sha1').update(options.ssoSession).digest('hex')}.json`),
    JSON.stringify({
      startUrl: START_URL,
      region: options.region,
      accessToken: options.accessToken,
      expiresAt: new Date(Date.now() + 3600_000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    }),
  );
  return [
    `[profile ${options.profile}]`,
    `sso_session = ${options.ssoSession}`,
    `sso_account_id = ${options.accountId}`,
    `sso_role_name = ${options.roleName}`,
    `region = ${options.region}`,
    `[sso-session ${options.ssoSession}]`,
    `sso_start_url = ${START_URL}`,
    `sso_region = ${options.region}`,
    '',
  ].join('\n');
}
