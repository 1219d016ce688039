import {
  CreateBucketCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type S3TestEmulator, sdkError, startS3TestEmulator } from './test-support/s3-emulator.ts';

let t: S3TestEmulator;
beforeAll(async () => {
  t = await startS3TestEmulator();
});
afterAll(() => t.stop());

describe('S3 authorization through IAM policies', () => {
  it('lets a read-only role get objects but answers AccessDenied (403) to its writes and listings', async () => {
    const Bucket = t.bucketName('iam');
    await t.s3.send(new CreateBucketCommand({ Bucket }));
    await t.s3.send(new PutObjectCommand({ Bucket, Key: 'data/a.txt', Body: 'readable' }));
    const sts = new STSClient({
      endpoint: t.emulator.endpoint,
      region: t.emulator.region,
      credentials: t.emulator.credentials,
    });
    const { Account } = await sts.send(new GetCallerIdentityCommand({}));
    const roleArn = `arn:aws:iam::${Account}:role/reader`;
    t.emulator.runtime.roles.setPolicies(roleArn, [
      {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::${Bucket}/data/*` }],
      },
    ]);
    const { Credentials } = await sts.send(
      new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 's3-test' }),
    );
    const reader = t.client({
      credentials: {
        accessKeyId: Credentials!.AccessKeyId!,
        secretAccessKey: Credentials!.SecretAccessKey!,
        sessionToken: Credentials!.SessionToken!,
      },
    });
    const got = await reader.send(new GetObjectCommand({ Bucket, Key: 'data/a.txt' }));
    expect(await got.Body!.transformToString()).toBe('readable');
    const put = await sdkError(() =>
      reader.send(new PutObjectCommand({ Bucket, Key: 'data/b.txt', Body: 'no' })),
    );
    expect(put).toMatchObject({ name: 'AccessDenied', status: 403 });
    expect(put.message).toMatch(
      /not authorized to perform: s3:PutObject on resource: arn:aws:s3:::.*\/data\/b\.txt/,
    );
    const list = await sdkError(() => reader.send(new ListObjectsV2Command({ Bucket })));
    expect(list).toMatchObject({ name: 'AccessDenied', status: 403 });
    reader.destroy();
    sts.destroy();
  });
});
