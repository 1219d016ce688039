import type { ListBucketsRequest } from '@aws-sdk/client-s3';
import type { S3Operation } from '../s3-action.ts';
import { ownerOf, xmlTime } from '../shared/call-context.ts';

/** ListBuckets — the caller's buckets only. https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListBuckets.html */
export const listBuckets: S3Operation<ListBucketsRequest> = {
  name: 'ListBuckets',
  iamAction: 's3:ListAllMyBuckets',
  http: { method: 'GET', on: 'service' },
  input: { Prefix: { query: 'prefix' } },
  async handle(input, ctx, { store }) {
    const accountId = ctx.principal.accountId;
    const prefix = input.Prefix ?? '';
    const buckets = store.listBuckets(accountId).filter((bucket) => bucket.name.startsWith(prefix));
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
