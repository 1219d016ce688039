import { randomBytes } from 'node:crypto';
import { type EmulatorHandle, startEmbeddedEmulator, stopEmbeddedEmulator } from './embedded-emulator.ts';

const EXPORTED = [
  'AWS_ENDPOINT_URL',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_REGION',
  'AWS_PROFILE',
  'CLOUDLAB_TARGET',
  'CLOUDLAB_LEARNER',
  'CLOUDLAB_RUN_ID',
] as const;

/**
 * Builds the Vitest globalSetup behind `@cloudlab/aws-session/vitest-setup`. It runs in Vitest's main
 * process before any worker exists, and workers (threads and forks alike) are started with a copy of
 * process.env — so setting the variables here is enough to reach lab code (checked by a test that runs
 * Vitest with pool=forks).
 */
export function createGlobalSetup(
  start: (region: string) => Promise<EmulatorHandle> = startEmbeddedEmulator,
) {
  return async function setup(): Promise<(() => Promise<void>) | undefined> {
    const env = process.env;
    env.CLOUDLAB_LEARNER ||= 'student';
    env.CLOUDLAB_RUN_ID ||= randomBytes(4).toString('hex');
    const target = env.CLOUDLAB_TARGET;
    if ((target !== undefined && target !== 'emulator') || env.AWS_ENDPOINT_URL) return undefined;

    const saved = Object.fromEntries(EXPORTED.map((name) => [name, env[name]]));
    const handle = await start(env.AWS_REGION || env.AWS_DEFAULT_REGION || 'us-east-1');
    env.AWS_ENDPOINT_URL = handle.endpoint;
    env.AWS_ACCESS_KEY_ID = handle.credentials.accessKeyId;
    env.AWS_SECRET_ACCESS_KEY = handle.credentials.secretAccessKey;
    env.AWS_REGION = handle.region;
    env.CLOUDLAB_TARGET = 'emulator';
    delete env.AWS_SESSION_TOKEN;
    // With AWS_PROFILE set the SDK skips the environment keys, so a student's profile would win.
    delete env.AWS_PROFILE;

    return async () => {
      if (!(await stopEmbeddedEmulator(handle))) await handle.stop();
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete env[name];
        else env[name] = value;
      }
    };
  };
}
