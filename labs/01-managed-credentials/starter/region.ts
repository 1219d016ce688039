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
  throw new Error('TODO(2): Resolve the region and its source — see README.md, exercise 2');
}
