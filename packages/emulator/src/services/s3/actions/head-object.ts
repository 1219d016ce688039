import type { S3Operation } from '../s3-action.ts';
import { serveObject } from '../shared/serve-object.ts';

/** HeadObject. https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadObject.html */
export const headObject: S3Operation = {
  name: 'HeadObject',
  iamAction: 's3:GetObject',
  http: { method: 'HEAD', on: 'object' },
  async handle(call) {
    return serveObject(call, false);
  },
};
