import type { GetObjectRequest } from '@aws-sdk/client-s3';
import type { S3Operation } from '../s3-action.ts';
import { serveObject } from '../shared/serve-object.ts';

/** GetObject. https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html */
export const getObject: S3Operation<GetObjectRequest> = {
  name: 'GetObject',
  iamAction: 's3:GetObject',
  http: { method: 'GET', on: 'object' },
  async handle(input, ctx, { store }) {
    return serveObject(input, ctx, store, true);
  },
};
