import { describe, expect, it } from 'vitest';
import { signInToEmulatorSso } from './emulator-sso.ts';
import { useEmulatorSession } from './test-support.ts';

const emulator = useEmulatorSession();

async function caller() {
  return {
    endpoint: (await emulator.session.endpoint())!,
    region: emulator.session.region,
    credentials: (await emulator.session.credentials()).identity,
  };
}

describe('signInToEmulatorSso', () => {
  it("answers an access token for the caller's own account and the permission sets asked for", async () => {
    const signedIn = await signInToEmulatorSso(await caller(), {
      roleNames: ['ReadOnly'],
      expiresInSeconds: 900,
    });
    const identity = await emulator.session.whoami();
    expect(signedIn).toMatchObject({
      tokenType: 'Bearer',
      expiresIn: 900,
      accountId: identity.account,
      roleNames: ['ReadOnly'],
    });
    expect(signedIn.accessToken.length).toBeGreaterThan(32);
  });

  it("refuses a bad request with the portal's InvalidRequestException and what a good one looks like", async () => {
    await expect(signInToEmulatorSso(await caller(), { expiresInSeconds: -1 })).rejects.toThrow(
      /^InvalidRequestException: .*between 1 and 604800/,
    );
  });
});
