import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { S3ServiceException } from '@aws-sdk/client-s3';
import { onTestFinished } from 'vitest';
import { testS3 } from './s3.ts';

/**
 * An S3 endpoint that does not offer S3 Select, as AWS behaves for accounts that never used it: a loopback
 * proxy that answers every SelectObjectContent request (POST ?select) with MethodNotAllowed and forwards
 * everything else, Host header unchanged so SigV4 signatures still verify. When the target is not a plain
 * http endpoint (real AWS), a middleware answers the same error instead. Call it inside a check: the proxy
 * closes when that check ends (a hook per check, not one registered when this module loads, so it holds
 * when one worker runs several test files in turn).
 */

const METHOD_NOT_ALLOWED = `<?xml version="1.0" encoding="UTF-8"?>
<Error><Code>MethodNotAllowed</Code><Message>The specified method is not allowed against this resource.</Message><Method>POST</Method><ResourceType>OBJECT</ResourceType><RequestId>cloudlab-proxy</RequestId></Error>`;

export async function s3WithoutSelect() {
  const upstream = process.env.AWS_ENDPOINT_URL;
  if (!upstream?.startsWith('http://')) {
    const s3 = testS3({}, { shim: false });
    s3.middlewareStack.add(
      (next, context) => (args) => {
        if (context.commandName !== 'SelectObjectContentCommand') return next(args);
        return Promise.reject(
          new S3ServiceException({
            name: 'MethodNotAllowed',
            $fault: 'client',
            $metadata: { httpStatusCode: 405 },
            message: 'The specified method is not allowed against this resource.',
          }),
        );
      },
      { step: 'initialize', name: 'cloudlabRefuseSelect' },
    );
    return s3;
  }
  const target = new URL(upstream);
  const server = createServer((req, res) => {
    if (req.method === 'POST' && /[?&]select(&|=|$)/.test(req.url ?? '')) {
      req.resume();
      res.writeHead(405, { 'content-type': 'application/xml' }).end(METHOD_NOT_ALLOWED);
      return;
    }
    const forward = request(
      {
        hostname: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  onTestFinished(async () => {
    server.closeAllConnections();
    await new Promise((done) => server.close(done));
  });
  const { port } = server.address() as AddressInfo;
  return testS3({ endpoint: `http://127.0.0.1:${port}` }, { shim: false });
}
