import {
  DeleteObjectCommand,
  GetObjectCommand,
  PutObjectCommand,
  type S3,
  type S3Client,
} from '@aws-sdk/client-s3';

/**
 * Bare-bones style: one small client, one Command class per operation, `client.send(command)`.
 * Only the commands you import end up in your bundle. Puts `body`, reads it back, deletes it, and
 * returns what it read — leaving nothing behind.
 */
export async function roundTripBare(
  client: S3Client,
  bucket: string,
  key: string,
  body: string,
): Promise<string> {
  // BEGIN SOLUTION 1
  await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
  try {
    const answer = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return (await answer.Body?.transformToString()) ?? '';
  } finally {
    await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
  }
  // END SOLUTION
}

/**
 * Aggregated style: the `S3` class has one method per operation (`s3.putObject(…)`), like boto3's client,
 * at the price of bundling every operation of the service.
 */
export async function roundTripAggregated(
  s3: S3,
  bucket: string,
  key: string,
  body: string,
): Promise<string> {
  // BEGIN SOLUTION 1
  await s3.putObject({ Bucket: bucket, Key: key, Body: body });
  try {
    const answer = await s3.getObject({ Bucket: bucket, Key: key });
    return (await answer.Body?.transformToString()) ?? '';
  } finally {
    await s3.deleteObject({ Bucket: bucket, Key: key });
  }
  // END SOLUTION
}
