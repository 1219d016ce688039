import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** A well-formed but random access key id, built at run time so no key ever sits in the course's files. */
export function fakeAccessKeyId(prefix: 'AKIA' | 'ASIA' = 'AKIA'): string {
  const bytes = randomBytes(16);
  return prefix + [...bytes].map((b) => ALPHABET[b % 32]).join('');
}

export function fakeSecretAccessKey(): string {
  return randomBytes(30).toString('base64');
}

/** Variables a test may change; restored after every test. */
const TOUCHED = [
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_PROFILE',
  'AWS_SHARED_CREDENTIALS_FILE',
  'AWS_CONFIG_FILE',
  'AWS_EC2_METADATA_DISABLED',
  'AWS_EC2_METADATA_SERVICE_ENDPOINT',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
  'AWS_CONTAINER_AUTHORIZATION_TOKEN',
  'AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_ROLE_ARN',
  'AWS_ENDPOINT_URL_SSO',
];
const folders: string[] = [];

/**
 * Call once at the top of every test file that uses this sandbox: after each test it restores the variables
 * above and removes the test's folders. A function, not a hook at import: the lab's test files share one
 * worker (isolate: false), where this module is imported once, so an import-time hook would serve one file.
 */
export function useSandbox(): void {
  const saved = Object.fromEntries(TOUCHED.map((name) => [name, process.env[name]]));
  afterEach(() => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
  });
}

export function tempFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'cloudlab-lab01-'));
  folders.push(folder);
  return folder;
}

export interface ProfileKeys {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** One section of ~/.aws/credentials holding static keys. */
export function credentialsSection(name: string, keys: ProfileKeys): string {
  return [
    `[${name}]`,
    `aws_access_key_id = ${keys.accessKeyId}`,
    `aws_secret_access_key = ${keys.secretAccessKey}`,
    ...(keys.sessionToken ? [`aws_session_token = ${keys.sessionToken}`] : []),
    '',
  ].join('\n');
}

/**
 * Points the SDK's credential chain at private shared files (and nothing else: no environment keys, no
 * instance metadata), the way a laptop or a Cloud9 terminal sees them.
 */
export function useSharedFiles(files: { credentials?: string; config?: string }): void {
  const folder = tempFolder();
  writeFileSync(join(folder, 'credentials'), files.credentials ?? '');
  writeFileSync(join(folder, 'config'), files.config ?? '[default]\nregion = us-east-1\n');
  for (const name of TOUCHED) delete process.env[name];
  process.env.AWS_SHARED_CREDENTIALS_FILE = join(folder, 'credentials');
  process.env.AWS_CONFIG_FILE = join(folder, 'config');
  process.env.AWS_EC2_METADATA_DISABLED = 'true';
}

/** The [default] profile of ~/.aws/credentials holds these keys. */
export function useCredentialsFile(keys: ProfileKeys): void {
  useSharedFiles({ credentials: credentialsSection('default', keys) });
}

/** The markers a Cloud9 terminal carries. */
export const CLOUD9_ENV = {
  C9_HOSTNAME: 'abc123.vfs.cloud9.us-east-1.amazonaws.com',
  C9_USER: 'ec2-user',
  C9_PROJECT: 'course',
};
