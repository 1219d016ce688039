import { readFileSync } from 'node:fs';
import { get as httpGet, type IncomingMessage } from 'node:http';
import { get as httpsGet } from 'node:https';
import { join } from 'node:path';
import type { EmulatorRuntime } from './types.ts';

/**
 * A GET to the emulator's own endpoint. node:http(s) rather than fetch: over --tls the request must trust
 * the emulator's own CA, which fetch can only be given through undici's dispatcher API.
 */
export function getOwnEndpoint(
  runtime: EmulatorRuntime,
  url: URL,
  headers: Record<string, string>,
): Promise<{ status: number; body: Uint8Array }> {
  const tlsDir = runtime.options.tlsDir;
  return new Promise((resolvePromise, reject) => {
    const done = (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolvePromise({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    };
    const request = tlsDir
      ? httpsGet(url, { headers, ca: readFileSync(join(tlsDir, 'ca.pem')) }, done)
      : httpGet(url, { headers }, done);
    request.on('error', reject);
  });
}
