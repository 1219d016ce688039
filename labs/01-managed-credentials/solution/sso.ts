import { createHash } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

/** What `aws configure sso` asks for: one sign-in (the sso-session) and one account and role to use. */
export interface SsoProfileOptions {
  /** The profile's name, e.g. `lab` for `AWS_PROFILE=lab`. */
  profile: string;
  /** The sso-session's name: every profile that names it shares one sign-in and one cached token. */
  ssoSession: string;
  /** The AWS access portal URL, e.g. https://d-1234567890.awsapps.com/start. */
  startUrl: string;
  /** Where IAM Identity Center runs, which may differ from the region your code calls. */
  ssoRegion: string;
  accountId: string;
  /** The permission set's name, e.g. ReadOnly. */
  roleName: string;
  /** The region the profile's clients call. */
  region: string;
}

/** The access token `aws sso login` caches, as the token file holds it. */
export interface SsoToken {
  accessToken: string;
  expiresAt: Date;
  startUrl: string;
  region: string;
}

export type SsoTokenState = 'valid' | 'expiring' | 'expired' | 'missing';

export interface SsoTokenStatus {
  state: SsoTokenState;
  expiresAt?: Date;
  /** Whole minutes left, 0 once expired. */
  minutesLeft?: number;
}

/**
 * The SDK for JavaScript tries to refresh a cached token this long before it expires, and without the
 * refresh token that only `aws sso login` writes, the token is then already unusable.
 */
export const SSO_REFRESH_WINDOW_MS = 5 * 60 * 1000;

/** The two sections of ~/.aws/config that `aws configure sso` writes for an sso-session profile. */
export function ssoProfileConfig(options: SsoProfileOptions): string {
  // BEGIN SOLUTION 6
  return [
    `[profile ${options.profile}]`,
    `sso_session = ${options.ssoSession}`,
    `sso_account_id = ${options.accountId}`,
    `sso_role_name = ${options.roleName}`,
    `region = ${options.region}`,
    '',
    `[sso-session ${options.ssoSession}]`,
    `sso_start_url = ${options.startUrl}`,
    `sso_region = ${options.ssoRegion}`,
    'sso_registration_scopes = sso:account:access',
    '',
  ].join('\n');
  // END SOLUTION
}

/** Where `aws sso login` caches the token of an sso-session: ~/.aws/sso/cache/<SHA-1 of its name>.json. */
export function ssoCacheFile(ssoSession: string, home: string = homedir()): string {
  // BEGIN SOLUTION 6
  const name = createHash('sha1').update(ssoSession).digest('hex');
  return join(home, '.aws', 'sso', 'cache', `${name}.json`);
  // END SOLUTION
}

/** Caches a token the way `aws sso login` does; returns the file's path. */
export async function writeSsoToken(
  ssoSession: string,
  token: SsoToken,
  home: string = homedir(),
): Promise<string> {
  // BEGIN SOLUTION 6
  const file = ssoCacheFile(ssoSession, home);
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const cached = {
    startUrl: token.startUrl,
    region: token.region,
    accessToken: token.accessToken,
    expiresAt: token.expiresAt.toISOString(),
  };
  await writeFile(file, `${JSON.stringify(cached, null, 2)}\n`, { mode: 0o600 });
  // The token is a credential: only its owner may read it, also when the file was already there.
  await chmod(file, 0o600);
  return file;
  // END SOLUTION
}

/** Whether the cached token of an sso-session still signs you in, without ever returning the token. */
export async function ssoTokenStatus(
  ssoSession: string,
  now: Date = new Date(),
  home: string = homedir(),
): Promise<SsoTokenStatus> {
  // BEGIN SOLUTION 6
  let text: string;
  try {
    text = await readFile(ssoCacheFile(ssoSession, home), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { state: 'missing' };
    throw error;
  }
  const expiresAt = new Date((JSON.parse(text) as { expiresAt?: string }).expiresAt ?? Number.NaN);
  if (Number.isNaN(expiresAt.getTime())) return { state: 'missing' };
  const left = expiresAt.getTime() - now.getTime();
  const state: SsoTokenState = left <= 0 ? 'expired' : left <= SSO_REFRESH_WINDOW_MS ? 'expiring' : 'valid';
  return { state, expiresAt, minutesLeft: Math.max(0, Math.floor(left / 60_000)) };
  // END SOLUTION
}
