import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInToEmulatorSso } from './emulator-sso.ts';
import { createSession, type Session } from './session.ts';
import { isolateEnvironment } from './test-support.ts';

let sandbox: ReturnType<typeof isolateEnvironment>;
let session: Session;
beforeAll(() => {
  sandbox = isolateEnvironment();
  session = createSession({ target: 'emulator', region: 'us-east-1' });
});
afterAll(async () => {
  await session.close();
  sandbox.restore();
});

async function caller() {
  return {
    endpoint: (await session.endpoint())!,
    region: session.region,
    credentials: (await session.credentials()).identity,
  };
}

describe('signInToEmulatorSso', () => {
  it("answers an access token for the caller's own account and the permission sets asked for", async () => {
    const signedIn = await signInToEmulatorSso(await caller(), {
      roleNames: ['ReadOnly'],
      expiresInSeconds: 900,
    });
    const identity = await session.whoami();
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
