import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { createSession } from '@cloudlab/aws-session/session';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';

export interface AssumeRoleOptions {
  roleArn: string;
  sessionName: string;
  /** 900 (15 minutes) to the role's maximum session duration; STS's default is 3600. */
  durationSeconds?: number;
  sts?: STSClient;
}

export interface RoleCredentials {
  credentials: AwsCredentialIdentity & { expiration: Date };
  /** arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION */
  assumedRoleArn: string;
}

/** Calls STS AssumeRole and returns the temporary credentials with their expiry. */
export async function assumeRole(options: AssumeRoleOptions): Promise<RoleCredentials> {
  throw new Error('TODO(4): Assume a role and refresh before expiry — see README.md, exercise 4');
}

/** "expires 2026-11-25T17:00:00.000Z (in 15 min)" — never the keys themselves. */
export function describeExpiry(expiration: Date, now: number = Date.now()): string {
  throw new Error('TODO(4): Assume a role and refresh before expiry — see README.md, exercise 4');
}

/**
 * A credential provider for SDK clients: assumes the role on first use and again whenever the cached
 * credentials are within `refreshBeforeSeconds` of expiry, so a long-running client never signs with
 * expired keys. Concurrent callers share one AssumeRole call.
 */
export function refreshingRoleCredentials(
  options: AssumeRoleOptions & { refreshBeforeSeconds?: number },
): AwsCredentialIdentityProvider {
  throw new Error('TODO(4): Assume a role and refresh before expiry — see README.md, exercise 4');
}
