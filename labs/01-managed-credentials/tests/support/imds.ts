import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ProfileKeys } from './sandbox.ts';

/**
 * A stand-in for the EC2 instance metadata service (IMDSv2), serving one instance role's credentials the way
 * an EC2 instance — a Cloud9 environment with an instance profile — does:
 * https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/instancedata-data-retrieval.html
 * The SDK finds it through AWS_EC2_METADATA_SERVICE_ENDPOINT.
 */
export async function startInstanceMetadata(
  role: string,
  keys: Required<ProfileKeys>,
): Promise<{ endpoint: string; close: () => Promise<void> }> {
  const token = 'imds-session-token';
  const server: Server = createServer((request, response) => {
    const path = request.url ?? '';
    if (request.method === 'PUT' && path === '/latest/api/token') return response.end(token);
    if (request.headers['x-aws-ec2-metadata-token'] !== token) {
      response.statusCode = 401;
      return response.end();
    }
    if (path === '/latest/meta-data/iam/security-credentials/') return response.end(role);
    if (path === `/latest/meta-data/iam/security-credentials/${role}`) {
      return response.end(
        JSON.stringify({
          Code: 'Success',
          LastUpdated: new Date().toISOString(),
          Type: 'AWS-HMAC',
          AccessKeyId: keys.accessKeyId,
          SecretAccessKey: keys.secretAccessKey,
          Token: keys.sessionToken,
          Expiration: new Date(Date.now() + 6 * 3600_000).toISOString(),
        }),
      );
    }
    response.statusCode = 404;
    response.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
