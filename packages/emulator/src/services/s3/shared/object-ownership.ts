import { s3Errors } from '../protocol/s3-errors.ts';

/**
 * Buckets are created as S3 creates them since April 2023: Object Ownership "bucket owner enforced", ACLs
 * disabled. A write may name no ACL or one that gives the owner full control (`private` too, which grants no
 * one else); anything else, such as the `--acl public-read` of older tutorials, fails as it does on AWS.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-ownership-error-responses.html
 */
const OWNER_ONLY_ACLS = new Set(['bucket-owner-full-control', 'private']);

interface AclMembers {
  ACL?: string;
  GrantFullControl?: string;
  GrantRead?: string;
  GrantReadACP?: string;
  GrantWrite?: string;
  GrantWriteACP?: string;
}

const grantsOthers = (input: AclMembers) =>
  (input.ACL !== undefined && !OWNER_ONLY_ACLS.has(input.ACL)) ||
  [input.GrantFullControl, input.GrantRead, input.GrantReadACP, input.GrantWrite, input.GrantWriteACP].some(
    (grant) => grant !== undefined,
  );

/** PutObject, CopyObject and CreateMultipartUpload: AccessControlListNotSupported for an ACL granting others. */
export function assertObjectAclAllowed(input: AclMembers): void {
  if (grantsOthers(input)) throw s3Errors.accessControlListNotSupported();
}

/** CreateBucket with an ACL granting others: InvalidBucketAclWithObjectOwnership. */
export function assertBucketAclAllowed(input: AclMembers): void {
  if (grantsOthers(input)) throw s3Errors.invalidBucketAclWithObjectOwnership();
}
