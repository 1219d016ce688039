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
  // BEGIN SOLUTION 4
  const full = (name: string) => `${prefix}/${name}`;
  const required = (name: string): string => {
    const value = values[name];
    if (value === undefined) {
      throw new ConfigError(
        'MissingParameter',
        full(name),
        `missing parameter ${full(name)} — create it with PutParameter`,
      );
    }
    return value;
  };
  const integer = (name: string, min: number, max: number): number => {
    const text = required(name);
    const value = Number(text);
    if (!/^\d+$/.test(text.trim()) || value < min || value > max) {
      throw new ConfigError(
        'InvalidParameter',
        full(name),
        `${full(name)} must be an integer from ${min} to ${max}, got "${text}"`,
      );
    }
    return value;
  };
  const debug = required('debug');
  if (debug !== 'true' && debug !== 'false') {
    throw new ConfigError(
      'InvalidParameter',
      full('debug'),
      `${full('debug')} must be "true" or "false", got "${debug}"`,
    );
  }
  return {
    db: {
      host: required('db/host'),
      port: integer('db/port', 1, 65535),
      password: required('db/password'),
    },
    features: required('features')
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean),
    timeoutMs: integer('timeout-ms', 1, Number.MAX_SAFE_INTEGER),
    debug: debug === 'true',
  };
  // END SOLUTION
}

/** Reads the subtree (SecureStrings decrypted) and parses it. */
export async function loadAppConfig(ssm: SSMClient, prefix: string): Promise<AppConfig> {
  return parseAppConfig(prefix, await readTree(ssm, prefix, { withDecryption: true }));
}
