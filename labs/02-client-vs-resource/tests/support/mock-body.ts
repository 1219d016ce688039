import type { GetObjectCommandOutput } from '@aws-sdk/client-s3';

/** A GetObject body for aws-sdk-client-mock: the one method the lab reads it with. */
export function mockBody(text: string): GetObjectCommandOutput['Body'] {
  return { transformToString: async () => text } as unknown as GetObjectCommandOutput['Body'];
}
