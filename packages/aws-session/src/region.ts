import { SessionError } from './session-error.ts';
import { findProfile, readSharedProfiles } from './shared-config.ts';
import type { Target } from './target.ts';

export type RegionSource = 'option' | 'env:AWS_REGION' | 'env:AWS_DEFAULT_REGION' | 'profile' | 'default';

export interface RegionChoice {
  region: string;
  source: RegionSource;
}

/** The emulator and other local endpoints accept any region; us-east-1 is what AWS itself defaults to. */
export const LOCAL_DEFAULT_REGION = 'us-east-1';

/**
 * Option, then AWS_REGION (the SDK's variable), then AWS_DEFAULT_REGION (the CLI's), then the profile's
 * `region`, then — for local targets only — us-east-1. Real AWS without a region is an error.
 */
export function chooseRegion(
  options: { region?: string; profile: string; target: Target },
  env: NodeJS.ProcessEnv = process.env,
): RegionChoice {
  if (options.region) return { region: options.region, source: 'option' };
  if (env.AWS_REGION) return { region: env.AWS_REGION, source: 'env:AWS_REGION' };
  if (env.AWS_DEFAULT_REGION) return { region: env.AWS_DEFAULT_REGION, source: 'env:AWS_DEFAULT_REGION' };
  const fromProfile = findProfile(readSharedProfiles(env), options.profile)?.region;
  if (fromProfile) return { region: fromProfile, source: 'profile' };
  if (options.target !== 'aws') return { region: LOCAL_DEFAULT_REGION, source: 'default' };
  throw new SessionError(
    'NoRegion',
    `no AWS region is set — pass --region us-east-1, export AWS_REGION=us-east-1, or add "region = us-east-1" to profile "${options.profile}" in ~/.aws/config`,
  );
}
