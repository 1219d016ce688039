import { check } from '@cloudlab/grader';
import { loadAppConfig, parseAppConfig } from '@lab/app-config.ts';
import { expect } from 'vitest';
import { seed, useStage } from './support/ssm.ts';

const exercise = 4;
const prefix = '/cloudlab/student/03/app/dev';
const good: Record<string, string> = {
  'db/host': 'db.internal',
  'db/port': '5432',
  'db/password': 'p@ss',
  features: 'search, export,,beta',
  'timeout-ms': '2500',
  debug: 'false',
};

function failure(values: Record<string, string>): Error & Record<string, unknown> {
  try {
    parseAppConfig(prefix, values);
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
  throw new Error('expected parseAppConfig to throw a ConfigError, but it returned a config');
}

check(
  'parseAppConfig builds a typed config: numbers, a list and a boolean',
  {
    points: 4,
    exercise,
    concept: 'typed configuration',
    hint: [
      'Parameter Store values are strings: Number() the port and timeout, compare debug with "true".',
      'features is a StringList: split on ",", trim each item and drop empty ones.',
    ],
  },
  () => {
    expect(parseAppConfig(prefix, good)).toEqual({
      db: { host: 'db.internal', port: 5432, password: 'p@ss' },
      features: ['search', 'export', 'beta'],
      timeoutMs: 2500,
      debug: false,
    });
    expect(parseAppConfig(prefix, { ...good, debug: 'true' }).debug).toBe(true);
  },
);

check(
  'parseAppConfig names the full path of a missing parameter (ConfigError MissingParameter)',
  {
    points: 3,
    exercise,
    concept: 'validation',
    hint: 'Before using a value, check it is there; throw new ConfigError("MissingParameter", fullName, message) where fullName is prefix + "/" + name.',
  },
  () => {
    for (const name of Object.keys(good)) {
      const values = { ...good };
      delete values[name];
      const error = failure(values);
      expect(error).toMatchObject({
        name: 'ConfigError',
        code: 'MissingParameter',
        parameter: `${prefix}/${name}`,
      });
      expect(error.message).toContain(`${prefix}/${name}`);
    }
  },
);

check(
  'parseAppConfig refuses a malformed port, timeout or debug flag (ConfigError InvalidParameter)',
  {
    points: 4,
    exercise,
    concept: 'validation',
    hint: [
      'A port is an integer from 1 to 65535: "abc", "70000" and "54.3" are all wrong.',
      'timeout-ms must be a positive integer; debug must be exactly "true" or "false".',
    ],
  },
  () => {
    const cases: [string, string][] = [
      ['db/port', 'abc'],
      ['db/port', '70000'],
      ['db/port', '54.3'],
      ['timeout-ms', '-5'],
      ['timeout-ms', '0'],
      ['debug', 'yes'],
    ];
    for (const [name, value] of cases) {
      const error = failure({ ...good, [name]: value });
      expect(error, `${name}=${value}`).toMatchObject({
        code: 'InvalidParameter',
        parameter: `${prefix}/${name}`,
      });
      expect(error.message).toContain(value);
    }
  },
);

const stage = useStage('config');
check(
  'loadAppConfig reads the stage from Parameter Store, secret decrypted',
  {
    points: 2,
    exercise,
    hint: 'loadAppConfig is given: it needs readTree (exercise 3) and parseAppConfig to work.',
  },
  async () => {
    await seed(
      stage.ssm,
      Object.entries(good).map(([name, Value]) => ({
        Name: `${stage.prefix}/${name}`,
        Value,
        Type:
          name === 'db/password'
            ? ('SecureString' as const)
            : name === 'features'
              ? ('StringList' as const)
              : ('String' as const),
      })),
    );
    const config = await loadAppConfig(stage.ssm, stage.prefix);
    expect(config.db).toEqual({ host: 'db.internal', port: 5432, password: 'p@ss' });
  },
);
