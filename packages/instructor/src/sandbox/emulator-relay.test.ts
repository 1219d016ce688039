import { request } from 'node:http';
import { type RunningEmulator, startEmulator } from '@cloudlab/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorRelay, startEmulatorRelay } from './emulator-relay.ts';

// A sandbox reaches the batch's emulator through the relay's Unix socket: an emulator in this process takes
// each connection itself; another is reached over TCP. Either way the emulator answers as on its own port.
let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator?.stop());

/** An unsigned GET through the socket: the emulator's own refusal proves it served the connection. */
function unsignedCall(socketPath: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath, path: '/', method: 'GET', headers: { host: 'localhost' } }, (res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe.each([
  [
    'an emulator in this process',
    () => ({ accept: (socket: import('node:net').Socket) => emulator.accept(socket) }),
  ],
  ['an emulator at a TCP endpoint', () => emulator.endpoint],
])('the relay to %s', (_, target) => {
  let relay: EmulatorRelay;
  beforeAll(async () => {
    relay = await startEmulatorRelay(target());
  });
  afterAll(() => relay?.close());

  it('hands every connection to the emulator, which answers as on its own port', async () => {
    const direct = await fetch(`${emulator.endpoint}/`);
    const relayed = await unsignedCall(relay.socket);
    expect(relayed.status).toBe(direct.status);
    expect(relayed.status).toBeGreaterThanOrEqual(400);
    const withoutId = (body: string) => body.replace(/<RequestId>[^<]*<\/RequestId>/, '');
    expect(withoutId(relayed.body)).toBe(withoutId(await direct.text()));
    expect(relayed.body).toContain('<Code>AccessDenied</Code>');
    // Two calls in a row: the kept-alive connection goes on being served.
    expect((await unsignedCall(relay.socket)).status).toBe(direct.status);
  });
});
