import type { AwsCredentialIdentity } from '@smithy/types';
import type { Cloud9Detection } from './cloud9.ts';
import {
  type AttributedAwsCredentialIdentity,
  type CredentialSource,
  describeSource,
} from './credential-source.ts';
import { scrubSecrets } from './redact.ts';
import { SessionError } from './session-error.ts';
import { findProfile, readSharedProfiles, type SharedProfiles } from './shared-config.ts';

export interface ResolvedCredentials {
  /** The usable identity. Holds the secret key: hand it to SDK clients, never print it. */
  identity: AwsCredentialIdentity;
  source: CredentialSource;
  /** True when a session token is present (STS-issued, SSO, Cloud9 managed, …). */
  temporary: boolean;
  expiration?: Date;
}

/** Cloud9 rewrites its managed credentials about every 5 minutes; clients re-read them sooner than that. */
const CLOUD9_REFRESH_MS = 4 * 60_000;

/**
 * Resolves credentials through the SDK's default Node chain (environment, SSO, shared profile with
 * assume-role / credential_process / web identity, container, instance metadata) and says where they came from.
 */
export async function resolveCredentials(options: {
  profileOption?: string;
  profile: string;
  cloud9: Cloud9Detection;
  env?: NodeJS.ProcessEnv;
  now?: () => number;
}): Promise<ResolvedCredentials> {
  const env = options.env ?? process.env;
  const now = options.now ?? Date.now;
  const profiles = readSharedProfiles(env);
  const explicitProfile = options.profileOption || env.AWS_PROFILE;
  if (explicitProfile && !findProfile(profiles, explicitProfile)) {
    throw new SessionError(
      'ProfileNotFound',
      `profile "${explicitProfile}" is not in ${profiles.configPath} or ${profiles.credentialsPath} — list profiles with \`aws configure list-profiles\`, or drop --profile / AWS_PROFILE`,
    );
  }

  // Loaded on first use: importing every credential provider costs a CLI start or a lab test ~0.3 s of CPU.
  const { fromNodeProviderChain } = await import('@aws-sdk/credential-providers');
  let identity: AttributedAwsCredentialIdentity;
  try {
    // ignoreCache: Cloud9 and `aws sso login` rewrite these files while a process runs.
    identity = await fromNodeProviderChain({ profile: options.profileOption, ignoreCache: true })();
  } catch (error) {
    throw credentialError(await profileFailure(options.profile, profiles, error), options.profile);
  }

  const source = describeSource(identity, {
    profile: options.profile,
    profiles,
    cloud9: options.cloud9,
    env,
  });
  let expiration = identity.expiration;
  if (expiration && expiration.getTime() <= now()) {
    throw new SessionError(
      'ExpiredToken',
      `the credentials from ${source.label} expired at ${expiration.toISOString()} — refresh them (aws sso login, or re-run what issued them) and try again`,
    );
  }
  if (source.kind === 'cloud9-managed') expiration = new Date(now() + CLOUD9_REFRESH_MS);
  return {
    identity: { ...identity, expiration },
    source,
    temporary: Boolean(identity.sessionToken),
    expiration,
  };
}

/**
 * The chain ends every failure with "Could not load credentials from any providers", hiding why a
 * profile that exists failed (an expired credential_process, an SSO session to renew). Asking the profile
 * provider alone brings that reason back.
 */
async function profileFailure(
  profile: string,
  profiles: SharedProfiles,
  chainError: unknown,
): Promise<unknown> {
  if (!findProfile(profiles, profile)) return chainError;
  try {
    const { fromIni } = await import('@aws-sdk/credential-providers');
    await fromIni({ profile, ignoreCache: true })();
    return chainError;
  } catch (error) {
    return error;
  }
}

/** Turns the chain's failure into one line that says what to do; never echoes a secret. */
export function credentialError(error: unknown, profile: string): SessionError {
  const message =
    scrubSecrets((error as Error)?.message ?? String(error), [
      process.env.AWS_SECRET_ACCESS_KEY,
      process.env.AWS_SESSION_TOKEN,
    ]).split('\n')[0] ?? '';
  if (/could not load credentials from any providers/i.test(message)) {
    return new SessionError(
      'CredentialsNotFound',
      'no AWS credentials found (environment, shared profiles, SSO, credential_process, container, instance metadata) — run `aws configure`, export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or use --target emulator',
      { cause: error },
    );
  }
  if (/expired/i.test(message)) {
    return new SessionError(
      'ExpiredToken',
      `${message} — refresh the credentials (for SSO run \`aws sso login --profile ${profile}\`) and try again`,
      { cause: error },
    );
  }
  return new SessionError(
    'CredentialsError',
    `${message} — check profile "${profile}" in ~/.aws/config and ~/.aws/credentials`,
    { cause: error },
  );
}
