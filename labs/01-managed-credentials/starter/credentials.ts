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
  throw new Error('TODO(1): Describe the credentials and their source — see README.md, exercise 1');
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
  throw new Error('TODO(1): Describe the credentials and their source — see README.md, exercise 1');
}

/** Resolves credentials through the SDK's default chain and summarises them without any secret. */
export async function describeCredentials(env: NodeJS.ProcessEnv = process.env): Promise<CredentialSummary> {
  throw new Error('TODO(1): Describe the credentials and their source — see README.md, exercise 1');
}

/** One line for a terminal, e.g. `credentials: environment, key AKIA…WXYZ, long-term`. */
export function formatCredentials(summary: CredentialSummary): string {
  throw new Error('TODO(1): Describe the credentials and their source — see README.md, exercise 1');
}
