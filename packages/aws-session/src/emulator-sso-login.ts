import { createHash } from 'node:crypto';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { signInToEmulatorSso } from './emulator-sso.ts';
import { SessionError } from './session-error.ts';
import { findProfile, homeDir, profileName, readSharedProfiles } from './shared-config.ts';

export interface EmulatorSsoLogin {
  profile: string;
  ssoSession: string;
  accountId: string;
  roleName: string;
  /** The token cache file written, ~/.aws/sso/cache/<SHA-1 of the sso-session name>.json. */
  cacheFile: string;
  expiresAt: Date;
}

/**
 * `aws sso login --profile NAME` against the emulator: reads the profile's sso-session from ~/.aws/config,
 * signs in with the emulator keys in the environment (what `cloudlab emulator --detach` exported), and
 * caches the access token where the SDKs and the AWS CLI look for it. On AWS, run `aws sso login`.
 */
export async function emulatorSsoLogin(
  options: { profile?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<EmulatorSsoLogin> {
  const env = options.env ?? process.env;
  const profile = profileName(options.profile, env);
  const profiles = readSharedProfiles(env);
  const settings = findProfile(profiles, profile);
  const fix = `see the sso-session profile in labs/01-managed-credentials/README.md`;
  if (!settings)
    throw new SessionError('ProfileNotFound', `no [profile ${profile}] in ${profiles.configPath} — ${fix}`);
  const { sso_session: ssoSession, sso_account_id: accountId, sso_role_name: roleName } = settings;
  if (!ssoSession || !accountId || !roleName) {
    throw new SessionError(
      'NotAnSsoSessionProfile',
      `[profile ${profile}] needs sso_session, sso_account_id and sso_role_name (a legacy profile with sso_start_url cannot sign in here) — ${fix}`,
    );
  }
  const session = profiles.ssoSessions[ssoSession];
  if (!session?.sso_start_url || !session.sso_region) {
    throw new SessionError(
      'SsoSessionNotFound',
      `[profile ${profile}] names sso_session = ${ssoSession}, but ${profiles.configPath} has no [sso-session ${ssoSession}] with sso_start_url and sso_region — ${fix}`,
    );
  }
  const endpoint = env.AWS_ENDPOINT_URL;
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  if (!endpoint || !accessKeyId || !secretAccessKey) {
    throw new SessionError(
      'EmulatorNotConfigured',
      'signing in offline needs the emulator\'s variables: run eval "$(pnpm -s cloudlab emulator --detach)" first (on AWS, run `aws sso login`)',
    );
  }
  const signedIn = await signInToEmulatorSso(
    {
      endpoint,
      region: session.sso_region,
      credentials: {
        accessKeyId,
        secretAccessKey,
        ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
      },
    },
    { roleNames: [roleName] },
  );
  // Whole seconds in UTC, as the AWS CLI writes expiresAt.
  const expiresAt = new Date(Math.floor(Date.now() / 1000 + signedIn.expiresIn) * 1000);
  const name = createHash('sha1').update(ssoSession).digest('hex');
  const cacheFile = join(homeDir(env), '.aws', 'sso', 'cache', `${name}.json`);
  await mkdir(dirname(cacheFile), { recursive: true, mode: 0o700 });
  const cached = {
    startUrl: session.sso_start_url,
    region: session.sso_region,
    accessToken: signedIn.accessToken,
    expiresAt: expiresAt.toISOString().replace(/\.\d{3}Z$/, 'Z'),
  };
  await writeFile(cacheFile, `${JSON.stringify(cached, null, 2)}\n`, { mode: 0o600 });
  await chmod(cacheFile, 0o600);
  return { profile, ssoSession, accountId, roleName, cacheFile, expiresAt };
}
