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
      'Parameter Store values are strings: turn the port and timeout into integers (after checking them, see the next check), and compare debug with "true" — Boolean("false") is true.',
      'features is a StringList: split on ",", trim each item and drop empty ones.',
    ],
  },
  () => {
    expect(
      parseAppConfig(prefix, good),
      'port and timeoutMs are numbers, features the StringList "search, export,,beta" split on "," with each item trimmed and empty ones dropped, debug the boolean false',
    ).toEqual({
      db: { host: 'db.internal', port: 5432, password: 'p@ss' },
      features: ['search', 'export', 'beta'],
      timeoutMs: 2500,
      debug: false,
    });
    expect(parseAppConfig(prefix, { ...good, debug: 'true' }).debug, 'debug "true" is true').toBe(true);
    for (const port of ['1', '65535']) {
      expect(
        parseAppConfig(prefix, { ...good, 'db/port': port }).db.port,
        `port ${port} is valid: the range 1–65535 includes both ends`,
      ).toBe(Number(port));
    }
    expect(parseAppConfig(prefix, { ...good, 'timeout-ms': '1' }).timeoutMs, 'timeout 1 is positive').toBe(1);
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
      expect(
        error,
        `without ${name} the ConfigError is MissingParameter and names the full path, prefix + "/" + name`,
      ).toMatchObject({
        name: 'ConfigError',
        code: 'MissingParameter',
        parameter: `${prefix}/${name}`,
      });
      expect(error.message, 'the message names the full path').toContain(`${prefix}/${name}`);
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
      'Number() alone is not a check: Number("54.3") is 54.3, Number("abc") is NaN, and parseInt("54.3") is 54. Test the text is digits only (/^\\d+$/) before converting, then the range.',
      'A port is an integer from 1 to 65535 (both ends included): "abc", "70000", "65536", "0" and "54.3" are all wrong.',
      'timeout-ms must be a positive integer; debug must be exactly "true" or "false".',
    ],
  },
  () => {
    const cases: [string, string][] = [
      ['db/port', 'abc'],
      ['db/port', '70000'],
      ['db/port', '54.3'],
      ['db/port', '65536'],
      ['db/port', '0'],
      ['db/port', '8080abc'],
      ['timeout-ms', '-5'],
      ['timeout-ms', '2.5'],
      ['timeout-ms', '0'],
      ['debug', 'yes'],
    ];
    for (const [name, value] of cases) {
      const error = failure({ ...good, [name]: value });
      expect(
        error,
        `${name} = "${value}" is malformed: the ConfigError is InvalidParameter and names the full path ${prefix}/${name}`,
      ).toMatchObject({
        name: 'ConfigError',
        code: 'InvalidParameter',
        parameter: `${prefix}/${name}`,
      });
      expect(error.message, 'the message quotes the bad value, so the fix is obvious').toContain(value);
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
