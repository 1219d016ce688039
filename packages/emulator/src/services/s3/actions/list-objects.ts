import type { ListObjectsOutput, ListObjectsRequest } from '@aws-sdk/client-s3';
import type { S3Operation } from '../s3-action.ts';
import { ownedBucket } from '../shared/bucket-access.ts';
import { encodingType } from '../shared/list-params.ts';
import { listPage, parseMaxKeys } from '../shared/listing.ts';
import { objectSummary } from '../shared/object-summary.ts';

/**
 * ListObjects (version 1) — Marker paging; NextMarker only when a Delimiter is given, as S3 does
 * (otherwise clients continue from the last key). https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjects.html
 */
export const listObjects: S3Operation<ListObjectsRequest, ListObjectsOutput> = {
  name: 'ListObjects',
  iamAction: 's3:ListBucket',
  http: { method: 'GET', on: 'bucket' },
  async handle(input, ctx, { store }) {
    const bucket = ownedBucket(store, ctx, input);
    const encode = encodingType(input.EncodingType);
    const e = (text: string) => (encode ? encode(text) : text);
    const prefix = input.Prefix ?? '';
    const delimiter = input.Delimiter ?? '';
    const marker = input.Marker ?? '';
    const maxKeys = parseMaxKeys(input.MaxKeys);
    const page = listPage({
      keys: store.keysInOrder(bucket),
      prefix,
      delimiter,
      after: marker,
      maxKeys,
    });
    return {
      Name: input.Bucket,
      Prefix: e(prefix),
      Marker: e(marker),
      NextMarker: delimiter && page.isTruncated && page.last !== undefined ? e(page.last) : undefined,
      MaxKeys: maxKeys,
      Delimiter: delimiter ? e(delimiter) : undefined,
      EncodingType: encode ? 'url' : undefined,
      IsTruncated: page.isTruncated,
      Contents: page.keys.map((key) => objectSummary(bucket.objects.get(key)!, e(key), bucket.record.owner)),
      CommonPrefixes: page.commonPrefixes.map((commonPrefix) => ({ Prefix: e(commonPrefix) })),
    };
  },
};
