import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import {
  createSession,
  type Session,
  type SsoSignedIn,
  type SsoSignIn,
  signInToEmulatorSso,
} from '@cloudlab/aws-session';
import type { AwsCredentialIdentity } from '@smithy/types';
import { afterAll, afterEach } from 'vitest';
import { testSts } from './sts.ts';

export const START_URL = 'https://d-9067000000.awsapps.com/start';

/** A fresh sso-session name per check: the SDK remembers refresh attempts per session name. */
export const ssoSessionName = (): string => `course-${randomBytes(4).toString('hex')}`;

/** Where the checks sign in to IAM Identity Center, with whose keys. */
export interface Portal {
  endpoint: string;
  region: string;
  credentials: AwsCredentialIdentity;
}

let embedded: Promise<Session> | undefined;

/**
 * The emulator the grader runs; on any other target (on AWS the sign-in is a browser step no check can take)
 * an embedded emulator of the checks' own, whose portal the SDK reaches through AWS_ENDPOINT_URL_SSO.
 */
async function portal(): Promise<Portal> {
  const endpoint = process.env.AWS_ENDPOINT_URL;
  if (endpoint && (process.env.CLOUDLAB_TARGET ?? 'emulator') === 'emulator') {
    const sts = testSts();
    return { endpoint, region: await sts.config.region(), credentials: await sts.config.credentials() };
  }
  embedded ??= Promise.resolve(createSession({ target: 'emulator', region: 'us-east-1' }));
  const session = await embedded;
  return {
    endpoint: (await session.endpoint()) ?? '',
    region: session.region,
    credentials: (await session.credentials()).identity,
  };
}

export type PortalSignIn = SsoSignedIn & { portal: Portal };

/**
 * Signs in to the portal with the grader's own keys, as the browser step of `aws sso login` would. Call it
 * before the sandbox clears the environment's keys, and usePortal after.
 */
export async function signInToPortal(signIn: SsoSignIn = {}): Promise<PortalSignIn> {
  const where = await portal();
  return { ...(await signInToEmulatorSso(where, signIn)), portal: where };
}

/** Sends the SDK's SSO calls to the portal signed in to (restored with the sandbox). */
export function usePortal(signedIn: PortalSignIn): void {
  process.env.AWS_ENDPOINT_URL_SSO = signedIn.portal.endpoint;
}

/** The ARN STS at the portal's endpoint names for credentials the portal issued. */
export async function portalCallerArn(
  signedIn: PortalSignIn,
  credentials: AwsCredentialIdentity,
): Promise<string> {
  const sts = new STSClient({
    endpoint: signedIn.portal.endpoint,
    region: signedIn.portal.region,
    credentials,
  });
  return (await sts.send(new GetCallerIdentityCommand({}))).Arn ?? '';
}

/**
 * Points the SDK's home folder (where it finds ~/.aws/sso/cache) at a folder until the end of the check, and
 * stops the embedded portal after the file. Call once per test file, at its top, like useSandbox.
 */
export function useHomeRestore(): (home: string) => void {
  const saved = process.env.HOME;
  afterEach(() => {
    if (saved === undefined) delete process.env.HOME;
    else process.env.HOME = saved;
  });
  afterAll(async () => {
    const session = embedded;
    embedded = undefined;
    await (await session)?.close();
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
