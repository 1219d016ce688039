import type { DeleteObjectsOutput, DeleteObjectsRequest } from '@aws-sdk/client-s3';
import { AwsError } from '../../../core/aws-error.ts';
import { s3Errors } from '../protocol/s3-errors.ts';
import { listOf, parseXmlDocument, textOf } from '../protocol/xml.ts';
import type { S3Operation } from '../s3-action.ts';
import { ownedBucket } from '../shared/bucket-access.ts';
import { assertValidKey } from '../shared/object-key.ts';

const MAX_KEYS_PER_REQUEST = 1000;

/**
 * DeleteObjects — up to 1,000 keys; Quiet mode reports only failures.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteObjects.html
 */
export const deleteObjects: S3Operation<DeleteObjectsRequest, DeleteObjectsOutput> = {
  name: 'DeleteObjects',
  iamAction: 's3:DeleteObject',
  http: { method: 'POST', on: 'bucket', subresource: 'delete' },
  async handle(input, ctx, { store, body }) {
    const bucket = ownedBucket(store, ctx, input);
    if (!body.claimsIntegrity()) {
      throw s3Errors.invalidRequest('Missing required header for this request: Content-MD5');
    }
    const document = parseXmlDocument(await body.document(), 'Delete');
    const objects = listOf(document, 'Object');
    if (objects.length === 0 || objects.length > MAX_KEYS_PER_REQUEST) throw s3Errors.malformedXml();
    const keys = objects.map((object) => {
      const key = textOf(object, 'Key');
      if (key === undefined) throw s3Errors.malformedXml();
      return key;
    });
    const quiet = textOf(document, 'Quiet')?.trim().toLowerCase() === 'true';
    // Concurrent deletes share journal flushes (group commit): one fsync per batch, not per key.
    const outcomes = await Promise.all(
      keys.map(async (key) => {
        try {
          assertValidKey(key);
          await store.deleteObject(bucket, key);
          return { Key: key };
        } catch (error) {
          if (!(error instanceof AwsError)) throw error;
          return { Key: key, Code: error.code, Message: error.message };
        }
      }),
    );
    const deleted = outcomes.filter((outcome) => !('Code' in outcome));
    const errors = outcomes.filter((outcome) => 'Code' in outcome);
    return { Deleted: quiet ? [] : deleted, Errors: errors };
  },
};
