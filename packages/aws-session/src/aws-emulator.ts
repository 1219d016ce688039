import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'ini';
import { SessionError } from './session-error.ts';
import { homeDir } from './shared-config.ts';

/**
 * `--target aws-emulator`: AWS's own emulator (2026-11-11). On every start it listens for HTTPS on
 * 127.0.0.1:9297 (or its --port) and writes, to ~/.aws/emulator/<port>/, new keys, a `config` file for the
 * SDKs and the CA certificate it serves with (`ca.pem`): see AWS's "Pointing your AWS SDK at AWS Emulator"
 * (https://docs.aws.amazon.com/emulator/latest/userguide/point-sdk-to-emulator.html).
 * cloudlab reads that folder and grades against the endpoint like any other, with AWS_CA_BUNDLE set to its CA.
 */
export const AWS_EMULATOR_DEFAULT_PORT = 9297;

export interface AwsEmulatorRun {
  folder: string;
  endpoint: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  caBundle: string;
}

/** The INI files of the folder that may hold the run's keys and settings (any section with a key counts). */
const SETTINGS_FILES = ['config', 'credentials', 'emulator_credentials'];

export function awsEmulatorFolder(port: number | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const root = join(homeDir(env), '.aws', 'emulator');
  if (port !== undefined) return join(root, String(port));
  const running = existsSync(root) ? readdirSync(root).filter((name) => /^\d+$/.test(name)) : [];
  // One run: its port, whatever it is. None or several: the documented default.
  return join(root, running.length === 1 ? running[0]! : String(AWS_EMULATOR_DEFAULT_PORT));
}

export function readAwsEmulatorRun(port?: number, env: NodeJS.ProcessEnv = process.env): AwsEmulatorRun {
  const folder = awsEmulatorFolder(port, env);
  const caBundle = join(folder, 'ca.pem');
  const settings: Record<string, string> = {};
  for (const file of SETTINGS_FILES) {
    const path = join(folder, file);
    if (!existsSync(path)) continue;
    for (const section of Object.values(parse(readFileSync(path, 'utf8')))) {
      if (typeof section !== 'object' || section === null) continue;
      for (const [key, value] of Object.entries(section)) settings[key.trim()] ??= String(value).trim();
    }
  }
  if (!existsSync(caBundle) || !settings.aws_access_key_id || !settings.aws_secret_access_key) {
    throw new SessionError(
      'AwsEmulatorNotRunning',
      `no AWS Emulator run in ${folder} (it writes its keys, config and ca.pem there when it starts) — start \`aws-emulator${port && port !== AWS_EMULATOR_DEFAULT_PORT ? ` --port ${port}` : ''}\`, or name its port with --aws-emulator-port`,
    );
  }
  const portOfFolder = folder.split(/[\\/]/).at(-1);
  return {
    folder,
    endpoint: settings.endpoint_url ?? `https://127.0.0.1:${portOfFolder}`,
    region: settings.region ?? 'us-east-1',
    accessKeyId: settings.aws_access_key_id,
    secretAccessKey: settings.aws_secret_access_key,
    caBundle,
  };
}

/**
 * The environment that points the SDK, the course and every grading worker it starts at that run: the
 * `endpoint` target with the run's keys and CA, and nothing of the learner's own AWS profile.
 */
export function awsEmulatorEnvironment(run: AwsEmulatorRun): Record<string, string | undefined> {
  return {
    CLOUDLAB_TARGET: 'endpoint',
    AWS_ENDPOINT_URL: run.endpoint,
    AWS_ACCESS_KEY_ID: run.accessKeyId,
    AWS_SECRET_ACCESS_KEY: run.secretAccessKey,
    AWS_SESSION_TOKEN: undefined,
    AWS_PROFILE: undefined,
    AWS_REGION: run.region,
    AWS_DEFAULT_REGION: run.region,
    AWS_CA_BUNDLE: run.caBundle,
  };
}

/**
 * Points `env` (this process, and every worker it starts later) at AWS's emulator: the run on `port`, or on
 * CLOUDLAB_AWS_EMULATOR_PORT, else the only run there is, else 9297. Returns the run.
 */
export function pointAtAwsEmulator(port?: number, env: NodeJS.ProcessEnv = process.env): AwsEmulatorRun {
  const run = readAwsEmulatorRun(port ?? portOf(env.CLOUDLAB_AWS_EMULATOR_PORT), env);
  for (const [name, value] of Object.entries(awsEmulatorEnvironment(run))) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return run;
}

function portOf(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new SessionError(
      'InvalidPort',
      `"${value}" is not a port number — give AWS Emulator's port, 1–65535`,
    );
  }
  return port;
}
