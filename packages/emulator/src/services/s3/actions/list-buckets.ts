import type { S3Operation } from '../s3-action.ts';
import { ownerOf, xmlTime } from '../shared/call-context.ts';

/** ListBuckets — the caller's buckets only. https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListBuckets.html */
export const listBuckets: S3Operation = {
  name: 'ListBuckets',
  iamAction: 's3:ListAllMyBuckets',
  http: { method: 'GET', on: 'service' },
  async handle(call) {
    const accountId = call.ctx.principal.accountId;
    const prefix = call.query.get('prefix') ?? '';
    const buckets = call.store.listBuckets(accountId).filter((bucket) => bucket.name.startsWith(prefix));
    return {
      xml: {
        root: 'ListAllMyBucketsResult',
        value: {
          Owner: ownerOf(accountId),
          Buckets: {
            Bucket: buckets.map((bucket) => ({
              Name: bucket.name,
              CreationDate: xmlTime(bucket.creationDate),
              BucketRegion: bucket.region,
            })),
          },
          Prefix: prefix || undefined,
        },
      },
    };
  },
};
