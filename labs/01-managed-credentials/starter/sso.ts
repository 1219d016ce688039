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
  throw new Error('TODO(6): Sign in with IAM Identity Center — see README.md, exercise 6');
}

/** Where `aws sso login` caches the token of an sso-session: ~/.aws/sso/cache/<SHA-1 of its name>.json. */
export function ssoCacheFile(ssoSession: string, home: string = homedir()): string {
  throw new Error('TODO(6): Sign in with IAM Identity Center — see README.md, exercise 6');
}

/** Caches a token the way `aws sso login` does; returns the file's path. */
export async function writeSsoToken(
  ssoSession: string,
  token: SsoToken,
  home: string = homedir(),
): Promise<string> {
  throw new Error('TODO(6): Sign in with IAM Identity Center — see README.md, exercise 6');
}

/** Whether the cached token of an sso-session still signs you in, without ever returning the token. */
export async function ssoTokenStatus(
  ssoSession: string,
  now: Date = new Date(),
  home: string = homedir(),
): Promise<SsoTokenStatus> {
  throw new Error('TODO(6): Sign in with IAM Identity Center — see README.md, exercise 6');
}
