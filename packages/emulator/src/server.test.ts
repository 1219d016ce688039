import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CredentialStore } from './core/credential-store.ts';
import type { Service } from './core/types.ts';
import type { WireRequest } from './core/wire.ts';
import { Runtime } from './runtime.ts';
import { createFrontDoor } from './server.ts';
import { startEmulator } from './start-emulator.ts';
import { signedFetch } from './test-support/signed-fetch.ts';

const logged: string[] = [];
const store = new CredentialStore(Date.now);
const runtime = new Runtime({ log: (line) => logged.push(line) }, store);
let endpoint: string;
let credentials: { accessKeyId: string; secretAccessKey: string };

/** A service that fails the way a bug would, and one unsigned route: the front door's contract with both. */
const faulty: Service = {
  signingName: 'faulty',
  protocol: 'json',
  async handle() {
    throw new TypeError("Cannot read properties of undefined (reading 'Name')");
  },
  unsignedRoutes: [
    {
      matches: (request: WireRequest, url: URL) => request.method === 'GET' && url.pathname === '/hello',
      async handle() {
        return { status: 200, headers: {}, body: 'unsigned hello' };
      },
    },
  ],
};

const server = createFrontDoor(runtime, [faulty]);
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  credentials = await store.createAccount();
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('createFrontDoor', () => {
  it('turns an exception in a service into a 500 InternalFailure and one log line, never a stack trace', async () => {
    const res = await signedFetch({ endpoint, service: 'faulty', credentials, body: '{}' });
    expect(res.status).toBe(500);
    const body = await res.json();
    expect(body).toMatchObject({ __type: 'InternalFailure' });
    expect(JSON.stringify(body)).not.toContain('at ');
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatch(/internal error on POST \/ .*Cannot read properties of undefined/);
    expect(logged[0]).not.toContain('\n');
  });

  it("serves a service's unsigned routes", async () => {
    const res = await fetch(`${endpoint}/hello`);
    expect(await res.text()).toBe('unsigned hello');
  });
});

describe('startEmulator', () => {
  it('keeps the secret key out of console.log and util.inspect output', async () => {
    const emulator = await startEmulator();
    try {
      const printed = inspect(emulator.credentials) + inspect(await emulator.createAccount());
      expect(printed).toContain(emulator.credentials.accessKeyId);
      expect(printed).not.toContain(emulator.credentials.secretAccessKey);
      expect(emulator.credentials.secretAccessKey).toHaveLength(40);
    } finally {
      await emulator.stop();
    }
  });

  it('binds to 127.0.0.1 on a free port by default', async () => {
    const emulator = await startEmulator();
    try {
      expect(emulator.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    } finally {
      await emulator.stop();
    }
  });
});
