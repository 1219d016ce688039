import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity } from '@smithy/types';

/** Where the default credential chain found the credentials it returned. */
export type CredentialSource =
  | 'environment'
  | 'shared-profile'
  | 'assume-role-profile'
  | 'sso'
  | 'credential-process'
  | 'web-identity'
  | 'container'
  | 'instance-metadata'
  | 'cloud9-managed'
  | 'unknown';

export interface CredentialSummary {
  source: CredentialSource;
  /** Never the whole key: the first four and last four characters, e.g. AKIA…WXYZ. */
  accessKeyId: string;
  /** True for credentials that carry a session token (STS, Cloud9, SSO, instance roles). */
  temporary: boolean;
  expiration?: Date;
}

/**
 * Credentials as the SDK returns them. Recent SDK versions record which provider produced them in
 * `$source` (the keys are feature names such as CREDENTIALS_ENV_VARS or CREDENTIALS_PROFILE).
 */
export type TracedCredentials = AwsCredentialIdentity & { $source?: Record<string, string> };

/** AKIAIOSFODNN7EXAMPLE → AKIA…MPLE: enough to tell two keys apart, not enough to use one. */
export function maskAccessKeyId(accessKeyId: string): string {
  // BEGIN SOLUTION 1
  if (accessKeyId.length <= 8) return '…';
  return `${accessKeyId.slice(0, 4)}…${accessKeyId.slice(-4)}`;
  // END SOLUTION
}

/**
 * Names the source of credentials resolved by the default chain. Cloud9's managed temporary credentials are
 * written into the shared credentials file, so they look like a profile — the C9_* variables of a Cloud9
 * terminal and the session token tell them apart.
 */
export function credentialSource(
  credentials: TracedCredentials,
  env: NodeJS.ProcessEnv = process.env,
): CredentialSource {
  // BEGIN SOLUTION 1
  const features = new Set(Object.keys(credentials.$source ?? {}));
  // The default chain's last step (container endpoint, else instance metadata) stamps no $source.
  if (features.size === 0) {
    const inContainer = env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI || env.AWS_CONTAINER_CREDENTIALS_FULL_URI;
    return inContainer ? 'container' : 'instance-metadata';
  }
  const has = (...names: string[]) => names.some((name) => features.has(name));
  if (
    has(
      'CREDENTIALS_ENV_VARS_STS_WEB_ID_TOKEN',
      'CREDENTIALS_PROFILE_STS_WEB_ID_TOKEN',
      'CREDENTIALS_STS_ASSUME_ROLE_WEB_ID',
    )
  ) {
    return 'web-identity';
  }
  if (has('CREDENTIALS_ENV_VARS')) return 'environment';
  if (
    has(
      'CREDENTIALS_PROFILE_SOURCE_PROFILE',
      'CREDENTIALS_PROFILE_NAMED_PROVIDER',
      'CREDENTIALS_STS_ASSUME_ROLE',
    )
  ) {
    return 'assume-role-profile';
  }
  if (
    has(
      'CREDENTIALS_PROFILE_SSO',
      'CREDENTIALS_PROFILE_SSO_LEGACY',
      'CREDENTIALS_SSO',
      'CREDENTIALS_SSO_LEGACY',
    )
  )
    return 'sso';
  if (has('CREDENTIALS_PROFILE_PROCESS', 'CREDENTIALS_PROCESS')) return 'credential-process';
  if (has('CREDENTIALS_HTTP')) return 'container';
  if (has('CREDENTIALS_IMDS')) return 'instance-metadata';
  if (has('CREDENTIALS_PROFILE')) {
    const inCloud9 = Object.keys(env).some((name) => name.startsWith('C9_'));
    return inCloud9 && credentials.sessionToken ? 'cloud9-managed' : 'shared-profile';
  }
  return 'unknown';
  // END SOLUTION
}

/** Resolves credentials through the SDK's default chain and summarises them without any secret. */
export async function describeCredentials(env: NodeJS.ProcessEnv = process.env): Promise<CredentialSummary> {
  // BEGIN SOLUTION 1
  const credentials: TracedCredentials = await fromNodeProviderChain()();
  return {
    source: credentialSource(credentials, env),
    accessKeyId: maskAccessKeyId(credentials.accessKeyId),
    temporary: Boolean(credentials.sessionToken),
    ...(credentials.expiration ? { expiration: credentials.expiration } : {}),
  };
  // END SOLUTION
}

/** One line for a terminal, e.g. `credentials: environment, key AKIA…WXYZ, long-term`. */
export function formatCredentials(summary: CredentialSummary): string {
  // BEGIN SOLUTION 1
  const lifetime = summary.temporary
    ? `temporary${summary.expiration ? `, expires ${summary.expiration.toISOString()}` : ''}`
    : 'long-term';
  return `credentials: ${summary.source}, key ${summary.accessKeyId}, ${lifetime}`;
  // END SOLUTION
}
