import {
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  HeadObjectCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type S3TestEmulator, sdkError, startS3TestEmulator } from './test-support/s3-emulator.ts';

let t: S3TestEmulator;
let Bucket: string;
beforeAll(async () => {
  t = await startS3TestEmulator();
  Bucket = t.bucketName('owner');
  await t.s3.send(new CreateBucketCommand({ Bucket }));
});
afterAll(() => t.stop());

describe('S3 buckets with ACLs disabled (Object Ownership: bucket owner enforced)', () => {
  it('refuses an object write with a public or granting ACL, as `aws s3 cp --acl public-read` is on AWS', async () => {
    const refusals = [
      new PutObjectCommand({ Bucket, Key: 'public.txt', Body: 'x', ACL: 'public-read' }),
      new PutObjectCommand({
        Bucket,
        Key: 'granted.txt',
        Body: 'x',
        GrantRead: 'uri="http://acs.amazonaws.com/groups/global/AllUsers"',
      }),
      new CreateMultipartUploadCommand({ Bucket, Key: 'big.bin', ACL: 'public-read' }),
    ];
    for (const command of refusals) {
      const error = await sdkError(() => t.s3.send(command));
      expect(error).toMatchObject({
        name: 'AccessControlListNotSupported',
        message: 'The bucket does not allow ACLs',
        status: 400,
      });
    }
    await expect(t.s3.send(new HeadObjectCommand({ Bucket, Key: 'public.txt' }))).rejects.toMatchObject({
      $metadata: { httpStatusCode: 404 },
    });
  });

  it('accepts no ACL, bucket-owner-full-control and private', async () => {
    await t.s3.send(new PutObjectCommand({ Bucket, Key: 'plain.txt', Body: 'x' }));
    await t.s3.send(
      new PutObjectCommand({ Bucket, Key: 'owner.txt', Body: 'x', ACL: 'bucket-owner-full-control' }),
    );
    await t.s3.send(
      new CopyObjectCommand({ Bucket, Key: 'copy.txt', CopySource: `${Bucket}/plain.txt`, ACL: 'private' }),
    );
    const copy = sdkError(() =>
      t.s3.send(
        new CopyObjectCommand({
          Bucket,
          Key: 'c2.txt',
          CopySource: `${Bucket}/plain.txt`,
          ACL: 'public-read',
        }),
      ),
    );
    expect(await copy).toMatchObject({ name: 'AccessControlListNotSupported' });
  });

  it('refuses a bucket created with a public ACL', async () => {
    const error = await sdkError(() =>
      t.s3.send(new CreateBucketCommand({ Bucket: t.bucketName('public'), ACL: 'public-read' })),
    );
    expect(error).toMatchObject({
      name: 'InvalidBucketAclWithObjectOwnership',
      status: 400,
    });
  });
});
