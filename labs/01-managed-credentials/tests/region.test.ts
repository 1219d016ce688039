import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { check } from '@cloudlab/grader';
import { resolveRegion } from '@lab/region.ts';
import { expect } from 'vitest';
import { tempFolder, useSandbox } from './support/sandbox.ts';

useSandbox();

const exercise = 2;

/** An environment with private (possibly empty) shared files, so the machine's own ~/.aws never leaks in. */
function sandboxEnv(config = '', extra: NodeJS.ProcessEnv = {}, credentials = ''): NodeJS.ProcessEnv {
  const folder = tempFolder();
  writeFileSync(join(folder, 'config'), config);
  writeFileSync(join(folder, 'credentials'), credentials);
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

/** The error resolveRegion throws, or undefined when it resolves. */
async function regionError(env: NodeJS.ProcessEnv): Promise<Error | undefined> {
  return resolveRegion({ env }).then(
    () => undefined,
    (thrown: unknown) => thrown as Error,
  );
}

check(
  "a profile without a region does not borrow [default]'s, and AWS_DEFAULT_PROFILE does not choose the profile",
  {
    points: 4,
    exercise,
    concept: 'region resolution',
    hint: [
      'The SDK reads `region` from the active profile only: when [profile lab] has none, it does not fall back to [default] — it fails.',
      'The active profile comes from AWS_PROFILE alone; AWS_DEFAULT_PROFILE is an old AWS CLI / boto3 name the SDK for JavaScript ignores.',
    ],
  },
  async () => {
    const config =
      '[default]\nregion = eu-west-1\n\n[profile lab]\noutput = json\n\n[profile ci]\nregion = sa-east-1\n';
    const borrowed = await resolveRegion({ env: sandboxEnv(config, { AWS_PROFILE: 'lab' }) }).then(
      (resolved) => resolved.region,
      () => undefined,
    );
    expect(
      borrowed,
      'AWS_PROFILE=lab and [profile lab] has no region: the SDK throws here (it never reads [default] instead)',
    ).toBeUndefined();
    expect(
      await resolveRegion({ env: sandboxEnv(config, { AWS_DEFAULT_PROFILE: 'ci' }) }),
      'only AWS_PROFILE selects a profile for the SDK: with AWS_DEFAULT_PROFILE=ci the active profile is still "default"',
    ).toMatchObject({ region: 'eu-west-1', source: 'profile' });
  },
);

check(
  "the missing-region error names the active profile's own section of ~/.aws/config",
  {
    points: 3,
    exercise,
    concept: 'region resolution',
    hint: [
      'In ~/.aws/config the default profile is [default] and every other one is [profile NAME]; a bare [lab] there is ignored by the SDK.',
      'Name the section the learner must edit: [profile lab] when AWS_PROFILE=lab, [default] otherwise.',
    ],
  },
  async () => {
    // [lab] is how ~/.aws/credentials names a profile; in ~/.aws/config the SDK skips that section.
    const named = await regionError(sandboxEnv('[lab]\nregion = eu-west-1\n', { AWS_PROFILE: 'lab' }));
    expect(named?.message, 'AWS_PROFILE=lab and ~/.aws/config has only a bare [lab] section').toContain(
      '[profile lab]',
    );
    const plain = await regionError(sandboxEnv());
    expect(plain?.message, 'no AWS_PROFILE: the profile is "default"').toContain('[default]');
    expect(plain?.message, 'the default profile is written [default], never [profile default]').not.toContain(
      '[profile default]',
    );
  },
);

check(
  'a region in ~/.aws/credentials counts too, as it does for the SDK',
  {
    points: 3,
    exercise,
    concept: 'region resolution',
    hint: [
      'loadSharedConfigFiles returns configFile and credentialsFile: the SDK reads `region` from the active profile in both.',
      "When both files set it, the SDK takes the credentials file's (its region loader prefers that file).",
    ],
  },
  async () => {
    const credentials = '[lab]\naws_access_key_id = x\naws_secret_access_key = y\nregion = ap-southeast-2\n';
    expect(
      await resolveRegion({ env: sandboxEnv('', { AWS_PROFILE: 'lab' }, credentials) }),
      'the region is only in the [lab] section of ~/.aws/credentials',
    ).toEqual({ region: 'ap-southeast-2', source: 'profile', profile: 'lab' });
    expect(
      await resolveRegion({
        env: sandboxEnv('[profile lab]\nregion = eu-west-1\n', { AWS_PROFILE: 'lab' }, credentials),
      }),
      'both files set a region for [lab]',
    ).toMatchObject({ region: 'ap-southeast-2', source: 'profile' });
  },
);

check(
  'a config file edited while the program runs is read again',
  {
    points: 3,
    exercise,
    concept: 'region resolution',
    hint: [
      'loadSharedConfigFiles caches each file it has read for the life of the process: pass ignoreCache: true.',
    ],
  },
  async () => {
    const env = sandboxEnv('[default]\nregion = eu-west-1\n');
    expect(await resolveRegion({ env })).toMatchObject({ region: 'eu-west-1' });
    writeFileSync(env.AWS_CONFIG_FILE ?? '', '[default]\nregion = eu-north-1\n');
    expect(
      await resolveRegion({ env }),
      '`aws configure set region eu-north-1` rewrote ~/.aws/config between two calls',
    ).toMatchObject({ region: 'eu-north-1', source: 'profile' });
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
