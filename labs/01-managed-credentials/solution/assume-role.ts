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
  // BEGIN SOLUTION 4
  const sts = options.sts ?? createSession().client(STSClient);
  const answer = await sts.send(
    new AssumeRoleCommand({
      RoleArn: options.roleArn,
      RoleSessionName: options.sessionName,
      ...(options.durationSeconds ? { DurationSeconds: options.durationSeconds } : {}),
    }),
  );
  const issued = answer.Credentials;
  if (!issued?.AccessKeyId || !issued.SecretAccessKey || !issued.SessionToken || !issued.Expiration) {
    throw new Error('AssumeRole answered without complete credentials');
  }
  return {
    credentials: {
      accessKeyId: issued.AccessKeyId,
      secretAccessKey: issued.SecretAccessKey,
      sessionToken: issued.SessionToken,
      expiration: new Date(issued.Expiration),
    },
    assumedRoleArn: answer.AssumedRoleUser?.Arn ?? '',
  };
  // END SOLUTION
}

/** "expires 2026-11-25T17:00:00.000Z (in 15 min)" — never the keys themselves. */
export function describeExpiry(expiration: Date, now: number = Date.now()): string {
  // BEGIN SOLUTION 4
  const seconds = Math.round((expiration.getTime() - now) / 1000);
  const when =
    seconds <= 0 ? 'expired' : seconds < 120 ? `in ${seconds} s` : `in ${Math.floor(seconds / 60)} min`;
  return `expires ${expiration.toISOString()} (${when})`;
  // END SOLUTION
}

/**
 * A credential provider for SDK clients: assumes the role on first use and again whenever the cached
 * credentials are within `refreshBeforeSeconds` of expiry, so a long-running client never signs with
 * expired keys. Concurrent callers share one AssumeRole call.
 */
export function refreshingRoleCredentials(
  options: AssumeRoleOptions & { refreshBeforeSeconds?: number },
): AwsCredentialIdentityProvider {
  // BEGIN SOLUTION 4
  const refreshBeforeMs = (options.refreshBeforeSeconds ?? 300) * 1000;
  let cached: RoleCredentials['credentials'] | undefined;
  let pending: Promise<RoleCredentials['credentials']> | undefined;
  return async () => {
    if (cached && cached.expiration.getTime() - Date.now() > refreshBeforeMs) return cached;
    pending ??= assumeRole(options)
      .then((role) => {
        cached = role.credentials;
        return role.credentials;
      })
      .finally(() => {
        pending = undefined;
      });
    return pending;
  };
  // END SOLUTION
}
