import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { check } from '@cloudlab/grader';
import { ssoCacheFile, ssoProfileConfig, ssoTokenStatus, writeSsoToken } from '@lab/sso.ts';
import { loadSharedConfigFiles, loadSsoSessionData } from '@smithy/shared-ini-file-loader';
import { expect } from 'vitest';
import { tempFolder, useSandbox, useSharedFiles } from './support/sandbox.ts';
import {
  portalCallerArn,
  START_URL,
  signInToPortal,
  ssoSessionName,
  useHomeRestore,
  usePortal,
} from './support/sso.ts';

useSandbox();
const useHome = useHomeRestore();

const exercise = 6;
const concept = 'IAM Identity Center';
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

const profileOptions = (ssoSession: string, accountId = '123456789012') => ({
  profile: 'lab-sso',
  ssoSession,
  startUrl: START_URL,
  ssoRegion: 'eu-west-1',
  accountId,
  roleName: 'ReadOnly',
  region: 'us-east-2',
});

const sha1 = (text: string) => createHash('sha1').update(text).digest('hex');

check(
  'ssoProfileConfig writes a profile that names an sso-session, and the sso-session section',
  {
    points: 6,
    exercise,
    concept,
    hint: [
      'Two sections: [profile NAME] with sso_session, sso_account_id, sso_role_name and region; [sso-session SESSION] with sso_start_url, sso_region and sso_registration_scopes = sso:account:access.',
      'The section header is spelled with a hyphen, [sso-session course], while the profile key is sso_session = course.',
      'The start URL and the SSO region belong to the sso-session only: a profile with sso_start_url is the legacy configuration, which cannot refresh its token.',
    ],
  },
  async () => {
    const ssoSession = ssoSessionName();
    const folder = tempFolder();
    const configFilepath = join(folder, 'config');
    const written = ssoProfileConfig(profileOptions(ssoSession));
    writeFileSync(configFilepath, written);
    expect(
      written
        .split('\n')
        .filter((line) => line.trim() !== '' && !/^\[[^\]]+\]$/.test(line) && !/^\w+ = \S/.test(line)),
      'lines of the config that are neither a [section], a key = value nor blank',
    ).toEqual([]);
    const files = { configFilepath, filepath: join(folder, 'credentials'), ignoreCache: true };
    const { configFile } = await loadSharedConfigFiles(files);
    const profile = configFile['lab-sso'];
    expect(profile, 'the [profile lab-sso] section, read by the SDK').toBeDefined();
    expect(profile, 'the [profile lab-sso] section').toMatchObject({
      sso_session: ssoSession,
      sso_account_id: '123456789012',
      sso_role_name: 'ReadOnly',
      region: 'us-east-2',
    });
    expect(
      Object.keys(profile ?? {}).filter((key) => key === 'sso_start_url' || key === 'sso_region'),
      'keys of the legacy configuration in the profile (they belong to the sso-session)',
    ).toEqual([]);
    const sessions = await loadSsoSessionData(files);
    expect(sessions[ssoSession], `the [sso-session ${ssoSession}] section, read by the SDK`).toEqual({
      sso_start_url: START_URL,
      sso_region: 'eu-west-1',
      sso_registration_scopes: 'sso:account:access',
    });
  },
);

check(
  'ssoCacheFile names the cache file after the SHA-1 of the sso-session name',
  {
    points: 4,
    exercise,
    concept,
    hint: [
      'The file is HOME/.aws/sso/cache/<hex SHA-1>.json: createHash("sha1").update(name).digest("hex") from node:crypto.',
      "With an sso-session the hash is of the session's name; only the legacy configuration hashes the start URL.",
    ],
  },
  () => {
    const home = tempFolder();
    for (const name of ['course', ssoSessionName(), 'my team']) {
      expect(ssoCacheFile(name, home), `the cache file of sso-session "${name}"`).toBe(
        join(home, '.aws', 'sso', 'cache', `${sha1(name)}.json`),
      );
    }
  },
);

check(
  'writeSsoToken caches the token as aws sso login does, readable by you only',
  {
    points: 6,
    exercise,
    concept,
    hint: [
      'Create the cache folder (recursive), then write JSON with startUrl, region, accessToken and expiresAt.',
      'expiresAt is an ISO 8601 time in UTC (toISOString()): the AWS CLI and every SDK read the same file.',
      'The token signs you in: write the file with mode 0o600, and chmod it too, since writeFile applies mode only when it creates the file.',
    ],
  },
  async () => {
    const home = tempFolder();
    const ssoSession = ssoSessionName();
    const accessToken = `aoa${randomBytes(24).toString('base64url')}`;
    const expiresAt = new Date(Date.now() + 3600_000);
    const token = { accessToken, expiresAt, startUrl: START_URL, region: 'eu-west-1' };
    const file = await writeSsoToken(ssoSession, token, home);
    expect(file, 'the path writeSsoToken returns').toBe(
      join(home, '.aws', 'sso', 'cache', `${sha1(ssoSession)}.json`),
    );
    const cached = JSON.parse(readFileSync(file, 'utf8'));
    expect(cached, 'the cache file').toMatchObject({ accessToken, startUrl: START_URL, region: 'eu-west-1' });
    expect(cached.expiresAt, 'expiresAt in the cache file').toEqual(expect.stringMatching(ISO_UTC));
    expect(new Date(cached.expiresAt).getTime(), 'expiresAt in the cache file').toBe(expiresAt.getTime());
    expect(statSync(file).mode & 0o777, 'the cache file mode (the token is a credential)').toBe(0o600);

    chmodSync(file, 0o644);
    await writeSsoToken(ssoSession, token, home);
    expect(
      statSync(file).mode & 0o777,
      'the mode after writing over a cache file another tool left readable by everyone',
    ).toBe(0o600);
  },
);

check(
  'ssoTokenStatus tells valid, expiring, expired and missing tokens apart, without the token',
  {
    points: 6,
    exercise,
    concept,
    hint: [
      'Read the cache file of the sso-session; no file is "missing" (run aws sso login), not an error.',
      'Expired when expiresAt <= now; "expiring" within five minutes of it (the SDK then tries to refresh, and cannot without the refresh token aws sso login keeps); otherwise valid.',
      'minutesLeft is whole minutes (Math.floor), 0 once expired; never return the access token itself.',
    ],
  },
  async () => {
    const home = tempFolder();
    const ssoSession = ssoSessionName();
    const now = new Date('2026-11-25T12:00:00Z');
    expect(await ssoTokenStatus(ssoSession, now, home), 'no cache file yet').toEqual({ state: 'missing' });

    const accessToken = `aoa${randomBytes(24).toString('base64url')}`;
    const cacheFolder = join(home, '.aws', 'sso', 'cache');
    mkdirSync(cacheFolder, { recursive: true });
    const cases: Array<[string, string, number]> = [
      ['2026-11-25T13:00:30Z', 'valid', 60],
      ['2026-11-25T12:05:01Z', 'valid', 5],
      ['2026-11-25T12:05:00Z', 'expiring', 5],
      ['2026-11-25T12:04:00Z', 'expiring', 4],
      ['2026-11-25T12:00:00Z', 'expired', 0],
      ['2026-11-25T11:00:00Z', 'expired', 0],
    ];
    for (const [expiresAt, state, minutesLeft] of cases) {
      // As the AWS CLI writes it: UTC, whole seconds.
      writeFileSync(
        join(cacheFolder, `${sha1(ssoSession)}.json`),
        JSON.stringify({ startUrl: START_URL, region: 'eu-west-1', accessToken, expiresAt }),
      );
      const status = await ssoTokenStatus(ssoSession, now, home);
      expect(status, `a token expiring at ${expiresAt}, read at ${now.toISOString()}`).toEqual({
        state,
        expiresAt: new Date(expiresAt),
        minutesLeft,
      });
      expect(JSON.stringify(status), 'the status (it may be printed or logged)').not.toContain(accessToken);
    }
  },
);

check(
  'ssoTokenStatus: a cache file without a readable expiresAt is missing; a cache it cannot read is an error',
  {
    points: 2,
    exercise,
    concept,
    hint: [
      'new Date(undefined) and new Date("soon") are Invalid Date (getTime() is NaN): the SDK cannot use that token either, so report "missing" — aws sso login writes a new one.',
      'Only ENOENT means "no file": any other read error (EISDIR, EACCES) is thrown, since signing in again would not fix it.',
    ],
  },
  async () => {
    const home = tempFolder();
    const ssoSession = ssoSessionName();
    const now = new Date('2026-11-25T12:00:00Z');
    const cacheFolder = join(home, '.aws', 'sso', 'cache');
    mkdirSync(cacheFolder, { recursive: true });
    const file = join(cacheFolder, `${sha1(ssoSession)}.json`);
    for (const cached of [{ accessToken: 'aoaToken' }, { accessToken: 'aoaToken', expiresAt: 'soon' }]) {
      writeFileSync(file, JSON.stringify({ startUrl: START_URL, region: 'eu-west-1', ...cached }));
      expect(
        await ssoTokenStatus(ssoSession, now, home),
        `a cache file with ${cached.expiresAt === undefined ? 'no expiresAt' : `expiresAt "${cached.expiresAt}"`}: no token the SDK can use, so missing (sign in again)`,
      ).toEqual({ state: 'missing' });
    }
    // A folder where the cache file should be: reading it fails with EISDIR, which a new sign-in cannot fix.
    const blocked = ssoSessionName();
    mkdirSync(join(cacheFolder, `${sha1(blocked)}.json`));
    const outcome = await ssoTokenStatus(blocked, now, home).then(
      (status) => status,
      (error: NodeJS.ErrnoException) => error,
    );
    expect(
      outcome instanceof Error ? outcome.code : outcome,
      'the cache path is a folder: only a missing file (ENOENT) is "missing"; another read error must be thrown, since aws sso login would not fix it',
    ).toBe('EISDIR');
  },
);

check(
  'the profile and token cache you wrote sign in through IAM Identity Center',
  {
    points: 8,
    exercise,
    concept,
    hint: [
      "The check signs in to the emulator's portal, writes your config with ssoProfileConfig and your cache file with writeSsoToken, and resolves the profile with the SDK's own chain.",
      'The SDK looks for the token at ssoCacheFile(sso_session): the file name and the sso_session key must agree.',
      "Its $source must name CREDENTIALS_SSO (the sso-session configuration), not CREDENTIALS_SSO_LEGACY; the role is IAM Identity Center's AWSReservedSSO_<permission set>_… role.",
    ],
  },
  async () => {
    const signedIn = await signInToPortal({ roleNames: ['ReadOnly'], userName: 'student' });
    const region = signedIn.portal.region;
    const ssoSession = ssoSessionName();
    const home = tempFolder();
    useSharedFiles({
      config: ssoProfileConfig({
        ...profileOptions(ssoSession, signedIn.accountId),
        ssoRegion: region,
        region,
      }),
    });
    await writeSsoToken(
      ssoSession,
      {
        accessToken: signedIn.accessToken,
        expiresAt: new Date(Date.now() + signedIn.expiresIn * 1000),
        startUrl: START_URL,
        region,
      },
      home,
    );
    useHome(home);
    usePortal(signedIn);
    process.env.AWS_PROFILE = 'lab-sso';
    const credentials = await fromNodeProviderChain()();
    expect(
      Object.keys((credentials as { $source?: Record<string, string> }).$source ?? {}).sort(),
      "the credentials' $source",
    ).toEqual(['CREDENTIALS_PROFILE_SSO', 'CREDENTIALS_SSO']);
    expect(
      await portalCallerArn(signedIn, credentials),
      'GetCallerIdentity with the SSO credentials',
    ).toMatch(
      new RegExp(
        `^arn:aws:sts::${signedIn.accountId}:assumed-role/AWSReservedSSO_ReadOnly_[0-9a-f]+/student$`,
      ),
    );
  },
);
