import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ProfileKeys } from './sandbox.ts';

/**
 * A stand-in for a container credentials endpoint (ECS task role, EKS Pod Identity agent): it answers only a
 * request whose Authorization header is `token`, which the SDK reads from AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE.
 * https://docs.aws.amazon.com/sdkref/latest/guide/feature-container-credentials.html
 */
export async function startContainerEndpoint(
  token: string,
  keys: Required<ProfileKeys>,
  expiration: Date,
): Promise<{ fullUri: string; close: () => Promise<void> }> {
  const server: Server = createServer((request, response) => {
    if (request.headers.authorization !== token) {
      response.statusCode = 401;
      return response.end('{"message":"the Authorization header is not the token from the token file"}');
    }
    response.setHeader('content-type', 'application/json');
    response.end(
      JSON.stringify({
        AccessKeyId: keys.accessKeyId,
        SecretAccessKey: keys.secretAccessKey,
        Token: keys.sessionToken,
        Expiration: expiration.toISOString(),
      }),
    );
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const { port } = server.address() as AddressInfo;
  return {
    fullUri: `http://127.0.0.1:${port}/v1/credentials`,
    close: () => new Promise((done) => server.close(() => done())),
  };
}
