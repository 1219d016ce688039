import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = join(import.meta.dirname, '..', 'bin', 'cloudlab.js');
const home = mkdtempSync(join(tmpdir(), 'cloudlab-sso-command-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

/** The real binary, with a private HOME and config file and none of the developer's AWS settings. */
function ssoLogin(config: string, extraEnv: Record<string, string> = {}) {
  const configFile = join(home, 'config');
  writeFileSync(configFile, config);
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^(AWS_|CLOUDLAB_|C9_)/.test(name)),
  );
  const run = spawnSync(process.execPath, [BIN, 'sso', 'login', '--profile', 'lab-sso'], {
    env: { ...env, HOME: home, AWS_CONFIG_FILE: configFile, ...extraEnv },
    encoding: 'utf8',
    timeout: 80_000,
  });
  return { code: run.status, stderr: run.stderr.trimEnd() };
}

const SESSION =
  '[sso-session course]\nsso_start_url = https://d-9067000000.awsapps.com/start\nsso_region = us-east-1\n';

describe('cloudlab sso login', { timeout: 90_000 }, () => {
  it('names a missing profile and the file it looked in, exit 2', () => {
    const run = ssoLogin(SESSION);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^cloudlab: ProfileNotFound: no \[profile lab-sso\] in .*config — see the sso-session profile/,
    );
  });

  it("asks for the emulator's variables before it signs in", () => {
    const run = ssoLogin(
      `[profile lab-sso]\nsso_session = course\nsso_account_id = 123456789012\nsso_role_name = ReadOnly\n${SESSION}`,
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/EmulatorNotConfigured: .*cloudlab emulator --detach/);
  });
});
