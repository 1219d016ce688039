import type { ListBucketsOutput, ListBucketsRequest } from '@aws-sdk/client-s3';
import type { S3Operation } from '../s3-action.ts';
import { ownerOf } from '../shared/owner.ts';

/** ListBuckets — the caller's buckets only. https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListBuckets.html */
export const listBuckets: S3Operation<ListBucketsRequest, ListBucketsOutput> = {
  name: 'ListBuckets',
  iamAction: 's3:ListAllMyBuckets',
  http: { method: 'GET', on: 'service' },
  async handle(input, ctx, { store }) {
    const accountId = ctx.principal.accountId;
    const prefix = input.Prefix ?? '';
    const buckets = store.listBuckets(accountId).filter((bucket) => bucket.name.startsWith(prefix));
    return {
      Owner: ownerOf(accountId),
      Buckets: buckets.map((bucket) => ({
        Name: bucket.name,
        CreationDate: new Date(bucket.creationDate),
        BucketRegion: bucket.region,
      })),
      Prefix: prefix || undefined,
    };
  },
};
