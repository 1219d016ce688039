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

type Start = (region: string) => Promise<EmulatorHandle>;
type Teardown = () => Promise<void>;

/**
 * The emulator whose settings process.env holds. `process`: started for every Vitest instance of the process
 * (startProcessEmulator). `instance`: started by one Vitest instance's globalSetup, and loaded through that
 * instance's module runner: its lazily imported services stop working when that instance closes, so no other
 * instance may use it.
 */
interface ExportedEmulator {
  owner: 'process' | 'instance';
  ready: Promise<EmulatorHandle>;
}

/**
 * Process-wide on purpose: Vitest evaluates a globalSetup file afresh in each Vitest instance, so module state
 * is per instance, while the variables the emulator is exported through (process.env) are one per process.
 */
const EXPORTED_EMULATOR = Symbol.for('cloudlab.aws-session.exported-emulator');
const registry = globalThis as { [EXPORTED_EMULATOR]?: ExportedEmulator };

/**
 * Builds the Vitest globalSetup behind `@cloudlab/aws-session/vitest-setup`. It runs in Vitest's main
 * process before any worker exists, and workers (threads and forks alike) are started with a copy of
 * process.env — so setting the variables here is enough to reach lab code (checked by a test that runs
 * Vitest with pool=forks).
 *
 * A process that runs several Vitest instances at once (`cloudlab dev check` grades labs side by side)
 * starts one emulator for all of them first (startProcessEmulator), which each globalSetup then uses. Two
 * instances each starting their own cannot work — process.env names one endpoint, so the last to start
 * would win and the first to finish would stop the emulator under the other's run — so the second one
 * fails with that advice instead of grading against a vanishing endpoint.
 */
export function createGlobalSetup(start: Start = startEmbeddedEmulator) {
  return async function setup(): Promise<Teardown | undefined> {
    const env = process.env;
    env.CLOUDLAB_LEARNER ||= 'student';
    env.CLOUDLAB_RUN_ID ||= randomBytes(4).toString('hex');
    const exported = registry[EXPORTED_EMULATOR];
    if (exported?.owner === 'instance') {
      throw new Error(
        'another Vitest instance of this process is running its own embedded emulator, and process.env can name only one: start one emulator for the whole process first (startProcessEmulator from @cloudlab/aws-session/vitest-setup), as `cloudlab grade` and `cloudlab dev check` do',
      );
    }
    if (exported) {
      await exported.ready;
      return undefined;
    }
    const target = env.CLOUDLAB_TARGET;
    if ((target !== undefined && target !== 'emulator') || env.AWS_ENDPOINT_URL) return undefined;
    return exportEmulator('instance', start);
  };
}

/**
 * Starts one embedded emulator for every Vitest instance this process opens, and exports it as the
 * globalSetup does (whose instances then start nothing). Returns the teardown, which also restores the
 * environment; a no-op for other targets (an endpoint or real AWS).
 */
export async function startProcessEmulator(start: Start = startEmbeddedEmulator): Promise<Teardown> {
  const env = process.env;
  env.CLOUDLAB_LEARNER ||= 'student';
  env.CLOUDLAB_RUN_ID ||= randomBytes(4).toString('hex');
  const target = env.CLOUDLAB_TARGET;
  if (registry[EXPORTED_EMULATOR] || (target !== undefined && target !== 'emulator') || env.AWS_ENDPOINT_URL)
    return async () => {};
  return exportEmulator('process', start);
}

async function exportEmulator(owner: ExportedEmulator['owner'], start: Start): Promise<Teardown> {
  const env = process.env;
  const saved = Object.fromEntries(EXPORTED.map((name) => [name, env[name]]));
  // Registered before the first await: a setup at the same moment sees this start.
  const entry: ExportedEmulator = {
    owner,
    ready: start(env.AWS_REGION || env.AWS_DEFAULT_REGION || 'us-east-1'),
  };
  registry[EXPORTED_EMULATOR] = entry;
  let handle: EmulatorHandle;
  try {
    handle = await entry.ready;
  } catch (error) {
    delete registry[EXPORTED_EMULATOR];
    throw error;
  }
  env.AWS_ENDPOINT_URL = handle.endpoint;
  env.AWS_ACCESS_KEY_ID = handle.credentials.accessKeyId;
  env.AWS_SECRET_ACCESS_KEY = handle.credentials.secretAccessKey;
  env.AWS_REGION = handle.region;
  env.CLOUDLAB_TARGET = 'emulator';
  delete env.AWS_SESSION_TOKEN;
  // With AWS_PROFILE set the SDK skips the environment keys, so a student's profile would win.
  delete env.AWS_PROFILE;

  return async () => {
    if (registry[EXPORTED_EMULATOR] !== entry) return;
    delete registry[EXPORTED_EMULATOR];
    if (!(await stopEmbeddedEmulator(handle))) await handle.stop();
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete env[name];
      else env[name] = value;
    }
  };
}
