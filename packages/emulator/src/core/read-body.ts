import type { IncomingMessage } from 'node:http';
import { AwsError } from './aws-error.ts';

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/** Buffers a request body, refusing (and draining) anything over `limit` bytes. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) {
      req.resume();
      reject(tooLarge(limit));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function tooLarge(limit: number): AwsError {
  return new AwsError(
    'RequestEntityTooLarge',
    `Request body is larger than the ${limit} bytes this service accepts; send a smaller request`,
    413,
  );
}
