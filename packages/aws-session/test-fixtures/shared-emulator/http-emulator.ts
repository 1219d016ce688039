import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EmulatorHandle } from '../../src/embedded-emulator.ts';

/** A stand-in emulator: an HTTP server that answers "ok" until it is stopped. */
export async function startHttpEmulator(region: string): Promise<EmulatorHandle> {
  const server = createServer((_request, response) => response.end('ok'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    region,
    credentials: { accessKeyId: 'AKIAFAKEEMULATOR0003', secretAccessKey: 'fake-emulator-secret' },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
