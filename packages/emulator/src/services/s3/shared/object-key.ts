import { s3Errors } from '../protocol/s3-errors.ts';

/** S3 keys are at most 1,024 bytes of UTF-8 (https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-keys.html). */
export const MAX_KEY_BYTES = 1024;

export function assertValidKey(key: string): void {
  if (Buffer.byteLength(key, 'utf8') > MAX_KEY_BYTES) throw s3Errors.keyTooLong();
}

/**
 * `EncodingType=url` listings: S3 percent-encodes keys like a form value (space as `+`), keeping `/`,
 * which is what the AWS CLI decodes with unquote_plus.
 */
export function urlEncodeKey(key: string): string {
  return encodeURIComponent(key).replace(/%20/g, '+').replace(/%2F/gi, '/');
}
