import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { check } from '@cloudlab/grader';
import { resolveRegion } from '@lab/region.ts';
import { expect } from 'vitest';
import { tempFolder, useSandbox } from './support/sandbox.ts';

useSandbox();

const exercise = 2;

/** An environment with private (possibly empty) shared files, so the machine's own ~/.aws never leaks in. */
function sandboxEnv(config = '', extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const folder = tempFolder();
  writeFileSync(join(folder, 'config'), config);
  writeFileSync(join(folder, 'credentials'), '');
  return {
    AWS_CONFIG_FILE: join(folder, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(folder, 'credentials'),
    ...extra,
  };
}

check(
  'an explicit region wins over AWS_REGION and the profile',
  {
    points: 4,
    exercise,
    concept: 'region resolution',
    hint: ['Check options.flag first and report source "flag".'],
  },
  async () => {
    const env = sandboxEnv('[default]\nregion = eu-west-1\n', { AWS_REGION: 'eu-central-1' });
    expect(await resolveRegion({ flag: 'ap-south-1', env })).toMatchObject({
      region: 'ap-south-1',
      source: 'flag',
    });
  },
);

check(
  'AWS_REGION comes before the profile',
  {
    points: 4,
    exercise,
    concept: 'region resolution',
    hint: ['Read env.AWS_REGION next; its source is "environment".'],
  },
  async () => {
    const env = sandboxEnv('[default]\nregion = eu-west-1\n', { AWS_REGION: 'eu-central-1' });
    expect(await resolveRegion({ env })).toMatchObject({ region: 'eu-central-1', source: 'environment' });
  },
);

check(
  "the active profile's region is read from the shared config file",
  {
    points: 6,
    exercise,
    concept: 'region resolution',
    hint: [
      'loadSharedConfigFiles() from @smithy/shared-ini-file-loader parses ~/.aws/config; pass configFilepath: env.AWS_CONFIG_FILE.',
      'The active profile is env.AWS_PROFILE, or "default". In the file, non-default profiles are written [profile NAME].',
      'loadSharedConfigFiles caches files it has read: pass ignoreCache: true.',
    ],
  },
  async () => {
    const config = '[default]\nregion = eu-west-1\n\n[profile lab]\nregion = sa-east-1\n';
    expect(await resolveRegion({ env: sandboxEnv(config) })).toMatchObject({
      region: 'eu-west-1',
      source: 'profile',
    });
    expect(await resolveRegion({ env: sandboxEnv(config, { AWS_PROFILE: 'lab' }) })).toEqual({
      region: 'sa-east-1',
      source: 'profile',
      profile: 'lab',
    });
  },
);

check(
  'with no region anywhere the error names the ways to set one',
  {
    points: 4,
    exercise,
    hint: ['Throw an Error whose message mentions --region, AWS_REGION and ~/.aws/config.'],
  },
  async () => {
    const error = await resolveRegion({ env: sandboxEnv() }).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(Error);
    const message = (error as Error).message;
    for (const way of ['--region', 'AWS_REGION', '.aws/config']) expect(message).toContain(way);
  },
);

check(
  'AWS_DEFAULT_REGION alone is not enough for the SDK, and the error says so',
  {
    points: 4,
    exercise,
    concept: 'SDK vs CLI configuration',
    hint: [
      'The AWS CLI reads AWS_DEFAULT_REGION, the SDK for JavaScript does not: still throw, and mention the variable.',
    ],
  },
  async () => {
    const error = await resolveRegion({ env: sandboxEnv('', { AWS_DEFAULT_REGION: 'eu-west-1' }) }).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect((error as Error | undefined)?.message).toContain('AWS_DEFAULT_REGION');
  },
);
