import { loadSharedConfigFiles } from '@smithy/shared-ini-file-loader';

export type RegionSource = 'flag' | 'environment' | 'profile';

export interface ResolvedRegion {
  region: string;
  source: RegionSource;
  /** The profile whose config gave the region, when source is 'profile'. */
  profile?: string;
}

/** AWS's own name for this failure in the SDK: no region was configured anywhere. */
export class RegionMissingError extends Error {
  override readonly name = 'RegionMissingError';
}

/**
 * Resolves the region in the SDK for JavaScript's order: an explicit value, then AWS_REGION, then the
 * `region` of the active profile (AWS_PROFILE or "default") in the shared files. Unlike the AWS CLI, the
 * SDK for JavaScript does not read AWS_DEFAULT_REGION. (On EC2, recent SDK versions finally ask instance
 * metadata for the instance's region; this lab stops before that step.)
 */
export async function resolveRegion(
  options: { flag?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<ResolvedRegion> {
  const env = options.env ?? process.env;
  // BEGIN SOLUTION 2
  if (options.flag) return { region: options.flag, source: 'flag' };
  if (env.AWS_REGION) return { region: env.AWS_REGION, source: 'environment' };
  const profile = env.AWS_PROFILE || 'default';
  const { configFile, credentialsFile } = await loadSharedConfigFiles({
    ...(env.AWS_CONFIG_FILE ? { configFilepath: env.AWS_CONFIG_FILE } : {}),
    ...(env.AWS_SHARED_CREDENTIALS_FILE ? { filepath: env.AWS_SHARED_CREDENTIALS_FILE } : {}),
    ignoreCache: true,
  });
  // The SDK reads the profile from both files and, for the region, lets ~/.aws/credentials win
  // (NODE_REGION_CONFIG_FILE_OPTIONS in @smithy/core/config). No other profile is consulted.
  const fromProfile = credentialsFile[profile]?.region || configFile[profile]?.region;
  if (fromProfile) return { region: fromProfile, source: 'profile', profile };
  const note = env.AWS_DEFAULT_REGION
    ? ' (AWS_DEFAULT_REGION is set, but only the AWS CLI reads it — the SDK for JavaScript reads AWS_REGION)'
    : '';
  throw new RegionMissingError(
    `No region is configured${note}: pass --region, export AWS_REGION=us-east-1, or add "region = us-east-1" to the [${profile === 'default' ? 'default' : `profile ${profile}`}] section of ~/.aws/config`,
  );
  // END SOLUTION
}
