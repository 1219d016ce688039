import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from './index.ts';

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.stop());

const sts = (credentials = emulator.credentials) =>
  new STSClient({ endpoint: emulator.endpoint, region: emulator.region, credentials, maxAttempts: 1 });

describe('front door', () => {
  it('answers the unsigned health route', async () => {
    const res = await fetch(`${emulator.endpoint}/_cloudlab/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok' });
  });

  it('routes a signed STS request by its credential scope', async () => {
    const identity = await sts().send(new GetCallerIdentityCommand({}));
    expect(identity.Account).toMatch(/^\d{12}$/);
    expect(identity.Arn).toBe(`arn:aws:iam::${identity.Account}:user/cloudlab-learner`);
  });
});
