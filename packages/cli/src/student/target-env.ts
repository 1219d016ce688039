import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pointAtAwsEmulator } from '@cloudlab/aws-session';
import type { Command } from 'commander';
import type { GlobalFlags } from '../cli-table.ts';

/**
 * Lab tests read the target from the environment contract (CLOUDLAB_TARGET, AWS_ENDPOINT_URL, AWS_PROFILE,
 * AWS_REGION); the lab's Vitest globalSetup starts the emulator when no other target is chosen. So the global
 * options become those variables before grading.
 */
export function exportTargetEnv(command: Command): void {
  const { target, endpoint, profile, region, awsEmulatorPort } = command.optsWithGlobals<GlobalFlags>();
  if (target === 'aws-emulator') {
    // Resolved once here, so a missing run fails before any grading starts, in one line.
    if (awsEmulatorPort !== undefined) process.env.CLOUDLAB_AWS_EMULATOR_PORT = awsEmulatorPort;
    pointAtAwsEmulator();
    if (region) process.env.AWS_REGION = region;
  } else {
    exportChosenTarget(target, endpoint, profile, region);
  }
  trustCaBundleInWorkers();
}

function exportChosenTarget(
  target: string | undefined,
  endpoint: string | undefined,
  profile: string | undefined,
  region: string | undefined,
): void {
  if (endpoint) {
    process.env.AWS_ENDPOINT_URL = endpoint;
    process.env.CLOUDLAB_TARGET = target ?? 'endpoint';
  } else if (target) {
    process.env.CLOUDLAB_TARGET = target;
  }
  if (profile) process.env.AWS_PROFILE = profile;
  if (region) process.env.AWS_REGION = region;
}

/**
 * The lab tests build their own SDK clients from the environment, and so may the learner's code: neither
 * reads AWS_CA_BUNDLE (the JavaScript SDK ignores it). Node reads NODE_EXTRA_CA_CERTS (one file) when a
 * process starts, so the grading workers started after this trust the bundle for every TLS connection; a
 * NODE_EXTRA_CA_CERTS already set (some images set the system bundle there) is kept beside it.
 */
function trustCaBundleInWorkers(): void {
  const bundle = process.env.AWS_CA_BUNDLE;
  const extra = process.env.NODE_EXTRA_CA_CERTS;
  if (!bundle || extra === bundle) return;
  if (!extra) {
    process.env.NODE_EXTRA_CA_CERTS = bundle;
    return;
  }
  const folder = mkdtempSync(join(tmpdir(), 'cloudlab-ca-'));
  // The workers read it only as they start, so it lives as long as this process and no longer.
  process.once('exit', () => rmSync(folder, { recursive: true, force: true }));
  const both = join(folder, 'extra-ca.pem');
  writeFileSync(both, `${readFileSync(extra, 'utf8')}\n${readFileSync(bundle, 'utf8')}`);
  process.env.NODE_EXTRA_CA_CERTS = both;
}
