import type { SSMClient } from '@aws-sdk/client-ssm';
import { readTree } from './read-tree.ts';

/** The typed configuration the app runs on, built from `<prefix>/…` parameters. */
export interface AppConfig {
  db: { host: string; port: number; password: string };
  /** From the StringList `features`: trimmed, empty items dropped. */
  features: string[];
  timeoutMs: number;
  debug: boolean;
}

/** A configuration problem, naming the full parameter and what is wrong with it. */
export class ConfigError extends Error {
  constructor(
    readonly code: 'MissingParameter' | 'InvalidParameter',
    /** The full parameter name, e.g. /cloudlab/student/03/app/dev/db/port. */
    readonly parameter: string,
    message: string,
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}

/**
 * Turns the values under `prefix` (relative name → value, as readTree returns them) into an AppConfig.
 * Expected: db/host, db/port (an integer 1–65535), db/password, features (a StringList), timeout-ms (a
 * positive integer) and debug ("true" or "false"). The first missing or malformed one throws a ConfigError.
 */
export function parseAppConfig(prefix: string, values: Record<string, string>): AppConfig {
  throw new Error('TODO(4): Parse a typed, validated config object — see README.md, exercise 4');
}

/** Reads the subtree (SecureStrings decrypted) and parses it. */
export async function loadAppConfig(ssm: SSMClient, prefix: string): Promise<AppConfig> {
  return parseAppConfig(prefix, await readTree(ssm, prefix, { withDecryption: true }));
}
