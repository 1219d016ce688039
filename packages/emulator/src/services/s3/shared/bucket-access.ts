import type { RequestContext } from '../../../core/types.ts';
import { s3Errors } from '../protocol/s3-errors.ts';
import type { S3Input } from '../s3-action.ts';
import type { BucketState, S3Store } from '../store/s3-store.ts';
import type { ObjectRecord } from '../store/types.ts';

/**
 * The bucket the input names, if the caller's account owns it (NoSuchBucket / AccessDenied otherwise).
 * ExpectedBucketOwner naming another account is AccessDenied too, as on S3.
 */
export function ownedBucket(store: S3Store, ctx: RequestContext, input: S3Input<unknown>): BucketState {
  const bucket = store.bucketFor(ctx.principal.accountId, input.Bucket);
  const expected = input.ExpectedBucketOwner;
  if (expected !== undefined && expected !== bucket.record.owner) throw s3Errors.accessDenied();
  return bucket;
}

/** The object at `key`, or NoSuchKey. */
export function existingObject(bucket: BucketState, key: string): ObjectRecord {
  const object = bucket.objects.get(key);
  if (!object) throw s3Errors.noSuchKey(key);
  return object;
}
