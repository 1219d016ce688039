import type { Command } from 'commander';
import type { GlobalOptions } from '../command.ts';

/**
 * Lab tests read the target from the environment contract (CLOUDLAB_TARGET, AWS_ENDPOINT_URL, AWS_PROFILE,
 * AWS_REGION); the lab's Vitest globalSetup starts the emulator when no other target is chosen. So the global
 * options become those variables before grading.
 */
export function exportTargetEnv(command: Command): void {
  const { target, endpoint, profile, region } = command.optsWithGlobals<GlobalOptions>();
  if (endpoint) {
    process.env.AWS_ENDPOINT_URL = endpoint;
    process.env.CLOUDLAB_TARGET = target ?? 'endpoint';
  } else if (target) {
    process.env.CLOUDLAB_TARGET = target;
  }
  if (profile) process.env.AWS_PROFILE = profile;
  if (region) process.env.AWS_REGION = region;
}
