import type { ListObjectsV2Output, ListObjectsV2Request } from '@aws-sdk/client-s3';
import { s3Errors } from '../protocol/s3-errors.ts';
import type { S3Operation } from '../s3-action.ts';
import { ownedBucket } from '../shared/bucket-access.ts';
import { encodingType } from '../shared/list-params.ts';
import { listPage, parseMaxKeys } from '../shared/listing.ts';
import { objectSummary } from '../shared/object-summary.ts';

/** Continuation tokens are opaque to clients; here, the last key or prefix returned, base64url-encoded. */
function decodeToken(token: string): string {
  const text = Buffer.from(token, 'base64url').toString('utf8');
  if (token === '' || Buffer.from(text, 'utf8').toString('base64url') !== token) {
    throw s3Errors.invalidArgument(
      'The continuation token provided is incorrect',
      'continuation-token',
      token,
    );
  }
  return text;
}

/**
 * ListObjectsV2 — Prefix, Delimiter (CommonPrefixes), MaxKeys, ContinuationToken, StartAfter,
 * EncodingType=url, FetchOwner. https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html
 */
export const listObjectsV2: S3Operation<ListObjectsV2Request, ListObjectsV2Output> = {
  name: 'ListObjectsV2',
  iamAction: 's3:ListBucket',
  http: { method: 'GET', on: 'bucket', subresource: { name: 'list-type', value: '2' } },
  async handle(input, ctx, { store }) {
    const bucket = ownedBucket(store, ctx, input);
    const encode = encodingType(input.EncodingType);
    const e = (text: string) => (encode ? encode(text) : text);
    const prefix = input.Prefix ?? '';
    const delimiter = input.Delimiter ?? '';
    const maxKeys = parseMaxKeys(input.MaxKeys);
    const token = input.ContinuationToken;
    const startAfter = input.StartAfter ?? '';
    const after = token !== undefined ? decodeToken(token) : startAfter;
    const page = listPage({ keys: store.keysInOrder(bucket), prefix, delimiter, after, maxKeys });
    const owner = input.FetchOwner === 'true' ? bucket.record.owner : undefined;
    return {
      Name: input.Bucket,
      Prefix: e(prefix),
      Delimiter: delimiter ? e(delimiter) : undefined,
      MaxKeys: maxKeys,
      EncodingType: encode ? 'url' : undefined,
      KeyCount: page.keys.length + page.commonPrefixes.length,
      IsTruncated: page.isTruncated,
      ContinuationToken: token,
      NextContinuationToken:
        page.isTruncated && page.last !== undefined
          ? Buffer.from(page.last).toString('base64url')
          : undefined,
      StartAfter: startAfter ? e(startAfter) : undefined,
      Contents: page.keys.map((key) => objectSummary(bucket.objects.get(key)!, e(key), owner)),
      CommonPrefixes: page.commonPrefixes.map((commonPrefix) => ({ Prefix: e(commonPrefix) })),
    };
  },
};
