import type { AwsCredentialIdentity } from '@smithy/types';
import type { Cloud9Detection } from './cloud9.ts';
import type { ProfileSection, SharedProfiles } from './shared-config.ts';

/** The SDK's resolved identity, with the feature ids of the providers that made it. */
export type AttributedAwsCredentialIdentity = AwsCredentialIdentity & { $source?: Record<string, unknown> };

export type CredentialSourceKind =
  | 'environment'
  | 'profile'
  | 'assume-role'
  | 'sso'
  | 'credential-process'
  | 'web-identity'
  | 'container'
  | 'instance-metadata'
  | 'cloud9-managed'
  | 'emulator'
  | 'unknown';

export interface CredentialSource {
  kind: CredentialSourceKind;
  /** One human line, e.g. `profile "dev" (assume role arn:aws:iam::…:role/x via source_profile "base")`. */
  label: string;
  profile?: string;
  file?: string;
}

/**
 * The SDK records which providers produced an identity in `$source` (its credential feature ids, e.g.
 * CREDENTIALS_PROFILE_SOURCE_PROFILE); reading them beats guessing from files. The order below goes from
 * the most specific to the least: an assumed role's `$source` also names the static source profile.
 */
const FEATURE_KINDS: Array<[CredentialSourceKind, string[]]> = [
  ['credential-process', ['CREDENTIALS_PROFILE_PROCESS', 'CREDENTIALS_PROCESS']],
  [
    'sso',
    [
      'CREDENTIALS_PROFILE_SSO',
      'CREDENTIALS_SSO',
      'CREDENTIALS_PROFILE_SSO_LEGACY',
      'CREDENTIALS_SSO_LEGACY',
    ],
  ],
  [
    'web-identity',
    [
      'CREDENTIALS_ENV_VARS_STS_WEB_ID_TOKEN',
      'CREDENTIALS_PROFILE_STS_WEB_ID_TOKEN',
      'CREDENTIALS_STS_ASSUME_ROLE_WEB_ID',
    ],
  ],
  ['assume-role', ['CREDENTIALS_PROFILE_SOURCE_PROFILE', 'CREDENTIALS_STS_ASSUME_ROLE']],
  ['container', ['CREDENTIALS_HTTP']],
  ['instance-metadata', ['CREDENTIALS_IMDS']],
  ['environment', ['CREDENTIALS_ENV_VARS']],
  ['profile', ['CREDENTIALS_PROFILE', 'CREDENTIALS_PROFILE_NAMED_PROVIDER']],
];

export function describeSource(
  identity: AttributedAwsCredentialIdentity,
  context: { profile: string; profiles: SharedProfiles; cloud9: Cloud9Detection; env: NodeJS.ProcessEnv },
): CredentialSource {
  const features = Object.keys(identity.$source ?? {});
  const kind =
    FEATURE_KINDS.find(([, ids]) => ids.some((id) => features.includes(id)))?.[0] ?? guessKind(context.env);
  const { profile, profiles, cloud9 } = context;
  const inCredentialsFile = profiles.credentials[profile];
  const section: ProfileSection = { ...profiles.config[profile], ...inCredentialsFile };
  const file = inCredentialsFile ? profiles.credentialsPath : profiles.configPath;

  switch (kind) {
    case 'environment':
      return { kind, label: 'environment variables AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY' };
    case 'profile':
      if (cloud9.detected && profile === 'default' && inCredentialsFile && identity.sessionToken) {
        return {
          kind: 'cloud9-managed',
          label: `Cloud9 managed temporary credentials ([default] in ${profiles.credentialsPath}, refreshed by Cloud9 about every 5 minutes)`,
          profile,
          file: profiles.credentialsPath,
        };
      }
      return { kind, label: `profile "${profile}" (static keys in ${file})`, profile, file };
    case 'assume-role': {
      const via = section.source_profile
        ? `source_profile "${section.source_profile}"`
        : `credential_source ${section.credential_source ?? 'unknown'}`;
      return {
        kind,
        label: `profile "${profile}" (assume role ${section.role_arn ?? '?'} via ${via})`,
        profile,
        file,
      };
    }
    case 'sso':
      return { kind, label: `profile "${profile}" (IAM Identity Center / SSO)`, profile, file };
    case 'credential-process':
      return { kind, label: `profile "${profile}" (credential_process)`, profile, file };
    case 'web-identity':
      return { kind, label: 'web identity token (AWS_WEB_IDENTITY_TOKEN_FILE / role_arn)' };
    case 'container':
      return { kind, label: 'container credentials endpoint (ECS / CodeBuild / EKS Pod Identity)' };
    case 'instance-metadata':
      return { kind, label: 'EC2 instance metadata (instance role)' };
    default:
      return { kind: 'unknown', label: 'the SDK default credential chain' };
  }
}

/** When `$source` is missing (older providers), the environment still tells container vs instance. */
function guessKind(env: NodeJS.ProcessEnv): CredentialSourceKind {
  if (env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI || env.AWS_CONTAINER_CREDENTIALS_FULL_URI)
    return 'container';
  return 'instance-metadata';
}
