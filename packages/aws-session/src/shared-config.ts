import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'ini';

/**
 * A synchronous look at ~/.aws/config and ~/.aws/credentials, for two jobs the SDK's own loaders
 * (async, and built to produce credentials rather than explain them) do not do: telling where credentials
 * and a region come from, and reading a profile's region while createSession() stays synchronous.
 * Credentials themselves are always resolved by the SDK's provider chain (credentials.ts).
 */
export type ProfileSection = Record<string, string>;

export interface SharedProfiles {
  configPath: string;
  credentialsPath: string;
  config: Record<string, ProfileSection>;
  credentials: Record<string, ProfileSection>;
  /** The `[sso-session NAME]` sections of ~/.aws/config, by NAME. */
  ssoSessions: Record<string, ProfileSection>;
}

export function homeDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.HOME || env.USERPROFILE || homedir();
}

/** The profile name in effect: the option, then AWS_PROFILE, then "default" (as the SDK does). */
export function profileName(option: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return option || env.AWS_PROFILE || 'default';
}

export function readSharedProfiles(env: NodeJS.ProcessEnv = process.env): SharedProfiles {
  const home = homeDir(env);
  const configPath = env.AWS_CONFIG_FILE || join(home, '.aws', 'config');
  const credentialsPath = env.AWS_SHARED_CREDENTIALS_FILE || join(home, '.aws', 'credentials');
  const configSections = readIni(configPath);
  return {
    configPath,
    credentialsPath,
    config: profilesOf(configSections, true),
    credentials: profilesOf(readIni(credentialsPath), false),
    ssoSessions: ssoSessionsOf(configSections),
  };
}

/** The merged settings of one profile (credentials file wins, as in the SDK), or undefined if absent. */
export function findProfile(profiles: SharedProfiles, name: string): ProfileSection | undefined {
  const fromConfig = profiles.config[name];
  const fromCredentials = profiles.credentials[name];
  if (!fromConfig && !fromCredentials) return undefined;
  return { ...fromConfig, ...fromCredentials };
}

function readIni(path: string): Record<string, unknown> {
  if (!existsSync(path)) return {};
  try {
    return parse(readFileSync(path, 'utf8'));
  } catch {
    return {};
  }
}

function ssoSessionsOf(sections: Record<string, unknown>): Record<string, ProfileSection> {
  const out: Record<string, ProfileSection> = {};
  for (const [section, value] of Object.entries(sections)) {
    const name = section.trim();
    if (!name.startsWith('sso-session ') || typeof value !== 'object' || value === null) continue;
    out[name.slice('sso-session '.length).trim()] = settingsOf(value);
  }
  return out;
}

const settingsOf = (value: object): ProfileSection =>
  Object.fromEntries(Object.entries(value).map(([k, v]) => [k.trim(), String(v).trim()]));

/** In ~/.aws/config profiles are `[profile NAME]` (except `[default]`); in credentials they are `[NAME]`. */
function profilesOf(
  sections: Record<string, unknown>,
  isConfigFile: boolean,
): Record<string, ProfileSection> {
  const out: Record<string, ProfileSection> = {};
  for (const [section, value] of Object.entries(sections)) {
    if (typeof value !== 'object' || value === null) continue;
    let name = section.trim();
    if (isConfigFile && name.startsWith('profile ')) name = name.slice('profile '.length).trim();
    else if (isConfigFile && name !== 'default') continue;
    out[name] = settingsOf(value);
  }
  return out;
}
