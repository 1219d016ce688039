import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { describe, expect, it } from 'vitest';
import { setEmulatorThrottle, throttledCredentials } from './emulator-throttle.ts';
import { createSession } from './session.ts';
import { useEmulatorSession } from './test-support.ts';

const emulator = useEmulatorSession();

/** Sends `n` GetParameter calls and lists which ones were throttled (1-based). */
async function throttledCalls(ssm: SSMClient, n: number): Promise<number[]> {
  const hits: number[] = [];
  for (let i = 1; i <= n; i++) {
    await ssm.send(new GetParameterCommand({ Name: '/throttle/probe' })).catch((error: Error) => {
      if (error.name !== 'ThrottlingException') throw error;
      hits.push(i);
    });
  }
  return hits;
}

describe('throttledCredentials on the embedded emulator', () => {
  it('gives a session whose every second SSM call is ThrottlingException, while the account’s own key is never throttled', async () => {
    const own = emulator.session.client(SSMClient, { maxAttempts: 1 });
    await own.send(new PutParameterCommand({ Name: '/throttle/probe', Value: 'x', Type: 'String' }));
    const credentials = await throttledCredentials(emulator.session, { ssm: 0.5 });
    expect(credentials.accessKeyId).not.toBe((await emulator.session.credentials()).identity.accessKeyId);
    const throttled = emulator.session.client(SSMClient, {
      maxAttempts: 1,
      credentials: async () => credentials,
    });
    expect(await throttledCalls(throttled, 6)).toEqual([2, 4, 6]);
    expect(await throttledCalls(own, 6)).toEqual([]);

    await setEmulatorThrottle(
      { endpoint: (await emulator.session.endpoint()) ?? '', region: emulator.session.region, credentials },
      {},
    );
    expect(await throttledCalls(throttled, 4)).toEqual([]);
  });

  it('refuses a rate outside 0..1 as ValidationException, saying what a rate looks like', async () => {
    await expect(throttledCredentials(emulator.session, { ssm: 2 })).rejects.toThrow(
      /^ValidationException: .*between 0 and 1/,
    );
  });
});

describe('throttling elsewhere', () => {
  it('says target aws cannot be asked to throttle, and what to do instead', async () => {
    const aws = createSession({ target: 'aws', region: 'us-east-1' });
    await expect(throttledCredentials(aws, { ssm: 0.5 })).rejects.toThrow(
      /^ThrottleUnsupported: .*middleware/,
    );
  });

  it('reports an endpoint that is not the cloudlab emulator as refusing the setting', async () => {
    const server = createServer((_req, res) =>
      res.writeHead(404, { 'content-type': 'text/html' }).end('<html/>'),
    );
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      await expect(
        setEmulatorThrottle(
          {
            endpoint,
            region: 'us-east-1',
            credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'x' },
          },
          { ssm: 0.5 },
        ),
      ).rejects.toThrow(/^HTTP404: .*only the cloudlab emulator/);
    } finally {
      server.close();
    }
  });
});
