import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteBucketTaggingCommand,
  GetBucketLocationCommand,
  GetBucketPolicyCommand,
  GetBucketTaggingCommand,
  GetBucketVersioningCommand,
  HeadBucketCommand,
  ListBucketsCommand,
  PutBucketTaggingCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type S3TestEmulator, sdkError, startS3TestEmulator } from './test-support/s3-emulator.ts';

let t: S3TestEmulator;
beforeAll(async () => {
  t = await startS3TestEmulator();
});
afterAll(() => t.stop());

describe('S3 buckets', () => {
  it('creates, heads, lists and deletes a bucket', async () => {
    const Bucket = t.bucketName('life');
    const created = await t.s3.send(new CreateBucketCommand({ Bucket }));
    expect(created.Location).toBe(`/${Bucket}`);
    const head = await t.s3.send(new HeadBucketCommand({ Bucket }));
    expect(head.BucketRegion).toBe('us-east-1');
    const { Buckets, Owner } = await t.s3.send(new ListBucketsCommand({}));
    expect(Buckets?.map((b) => b.Name)).toContain(Bucket);
    expect(Owner?.ID).toMatch(/^[0-9a-f]{64}$/);
    expect(Buckets?.find((b) => b.Name === Bucket)?.CreationDate).toBeInstanceOf(Date);
    await t.s3.send(new DeleteBucketCommand({ Bucket }));
    const missing = await sdkError(() => t.s3.send(new HeadBucketCommand({ Bucket })));
    expect(missing).toMatchObject({ name: 'NotFound', status: 404 });
  });

  it.each([
    'ab',
    'a'.repeat(64),
    'Upper-Case',
    'under_score',
    '-starts-with-hyphen',
    'ends-with-hyphen-',
    'two..dots',
    '192.168.1.1',
    'xn--reserved',
    'reserved-s3alias',
  ])('refuses the invalid bucket name %j with InvalidBucketName', async (Bucket) => {
    const error = await sdkError(() => t.s3.send(new CreateBucketCommand({ Bucket })));
    expect(error).toMatchObject({
      name: 'InvalidBucketName',
      status: 400,
      message: 'The specified bucket is not valid.',
    });
    expect(error.raw.BucketName).toBe(Bucket);
  });

  it('answers 200 for re-creating your own bucket in us-east-1 (the legacy quirk)', async () => {
    const Bucket = t.bucketName('twice');
    await t.s3.send(new CreateBucketCommand({ Bucket }));
    await expect(t.s3.send(new CreateBucketCommand({ Bucket }))).resolves.toBeDefined();
  });

  it('refuses LocationConstraint us-east-1 in us-east-1 with InvalidLocationConstraint', async () => {
    const error = await sdkError(() =>
      t.s3.send(
        new CreateBucketCommand({
          Bucket: t.bucketName('loc'),
          CreateBucketConfiguration: { LocationConstraint: 'us-east-1' as never },
        }),
      ),
    );
    expect(error).toMatchObject({ name: 'InvalidLocationConstraint', status: 400 });
  });

  it('outside us-east-1, needs the matching LocationConstraint and answers BucketAlreadyOwnedByYou on re-create', async () => {
    const s3 = t.client({ region: 'eu-west-1' });
    const Bucket = t.bucketName('eu');
    // The JS SDK fills in the constraint itself; other SDKs and raw HTTP do not.
    const bare = t.client({ region: 'eu-west-1' });
    bare.middlewareStack.add(
      (next) => (args) => {
        delete (args.input as { CreateBucketConfiguration?: unknown }).CreateBucketConfiguration;
        return next(args);
      },
      { step: 'serialize', priority: 'high' },
    );
    const missing = await sdkError(() => bare.send(new CreateBucketCommand({ Bucket })));
    expect(missing).toMatchObject({ name: 'IllegalLocationConstraintException', status: 400 });
    expect(missing.message).toMatch(/unspecified location constraint is incompatible/);
    const wrong = await sdkError(() =>
      s3.send(
        new CreateBucketCommand({ Bucket, CreateBucketConfiguration: { LocationConstraint: 'eu-west-2' } }),
      ),
    );
    expect(wrong.message).toMatch(/The eu-west-2 location constraint is incompatible/);
    await s3.send(
      new CreateBucketCommand({ Bucket, CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }),
    );
    const location = await s3.send(new GetBucketLocationCommand({ Bucket }));
    expect(location.LocationConstraint).toBe('eu-west-1');
    const again = await sdkError(() =>
      s3.send(
        new CreateBucketCommand({ Bucket, CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }),
      ),
    );
    expect(again).toMatchObject({ name: 'BucketAlreadyOwnedByYou', status: 409 });
    s3.destroy();
    bare.destroy();
  });

  it('reports an empty LocationConstraint for us-east-1 buckets', async () => {
    const Bucket = t.bucketName('east');
    await t.s3.send(new CreateBucketCommand({ Bucket }));
    const location = await t.s3.send(new GetBucketLocationCommand({ Bucket }));
    expect(location.LocationConstraint ?? '').toBe('');
  });

  it('refuses to delete a bucket that still has objects (BucketNotEmpty, 409)', async () => {
    const Bucket = t.bucketName('full');
    await t.s3.send(new CreateBucketCommand({ Bucket }));
    await t.s3.send(new PutObjectCommand({ Bucket, Key: 'x', Body: 'x' }));
    const error = await sdkError(() => t.s3.send(new DeleteBucketCommand({ Bucket })));
    expect(error).toMatchObject({
      name: 'BucketNotEmpty',
      status: 409,
      message: 'The bucket you tried to delete is not empty',
    });
  });

  it('answers NoSuchBucket with the bucket name for a missing bucket', async () => {
    const error = await sdkError(() => t.s3.send(new DeleteBucketCommand({ Bucket: 'cl-never-created' })));
    expect(error).toMatchObject({
      name: 'NoSuchBucket',
      status: 404,
      message: 'The specified bucket does not exist',
    });
    expect(error.raw.BucketName).toBe('cl-never-created');
  });

  it('puts, gets and deletes bucket tags, with NoSuchTagSet when there are none', async () => {
    const Bucket = t.bucketName('tags');
    await t.s3.send(new CreateBucketCommand({ Bucket }));
    const none = await sdkError(() => t.s3.send(new GetBucketTaggingCommand({ Bucket })));
    expect(none).toMatchObject({ name: 'NoSuchTagSet', status: 404 });
    const TagSet = [
      { Key: 'cloudlab:lab', Value: '02' },
      { Key: 'empty', Value: '' },
    ];
    await t.s3.send(new PutBucketTaggingCommand({ Bucket, Tagging: { TagSet } }));
    expect((await t.s3.send(new GetBucketTaggingCommand({ Bucket }))).TagSet).toEqual(TagSet);
    const dup = await sdkError(() =>
      t.s3.send(
        new PutBucketTaggingCommand({
          Bucket,
          Tagging: {
            TagSet: [
              { Key: 'a', Value: '1' },
              { Key: 'a', Value: '2' },
            ],
          },
        }),
      ),
    );
    expect(dup).toMatchObject({ name: 'InvalidTag', status: 400 });
    await t.s3.send(new DeleteBucketTaggingCommand({ Bucket }));
    expect(await sdkError(() => t.s3.send(new GetBucketTaggingCommand({ Bucket })))).toMatchObject({
      name: 'NoSuchTagSet',
    });
  });

  it('reports versioning as never enabled and answers NotImplemented (501) to unsupported sub-resources', async () => {
    const Bucket = t.bucketName('ni');
    await t.s3.send(new CreateBucketCommand({ Bucket }));
    expect((await t.s3.send(new GetBucketVersioningCommand({ Bucket }))).Status).toBeUndefined();
    const versioning = await sdkError(() =>
      t.s3.send(new PutBucketVersioningCommand({ Bucket, VersioningConfiguration: { Status: 'Enabled' } })),
    );
    expect(versioning).toMatchObject({ name: 'NotImplemented', status: 501 });
    const policy = await sdkError(() => t.s3.send(new GetBucketPolicyCommand({ Bucket })));
    expect(policy).toMatchObject({ name: 'NotImplemented', status: 501 });
  });

  it('keeps accounts apart: another account cannot see, use or take a bucket name', async () => {
    const Bucket = t.bucketName('mine');
    await t.s3.send(new CreateBucketCommand({ Bucket }));
    const other = await t.emulator.createAccount();
    const theirs = t.client({
      credentials: { accessKeyId: other.accessKeyId, secretAccessKey: other.secretAccessKey },
    });
    const { Buckets = [] } = await theirs.send(new ListBucketsCommand({}));
    expect(Buckets.map((b) => b.Name)).not.toContain(Bucket);
    expect(
      await sdkError(() => theirs.send(new PutObjectCommand({ Bucket, Key: 'k', Body: 'x' }))),
    ).toMatchObject({
      name: 'AccessDenied',
      status: 403,
    });
    const taken = await sdkError(() => theirs.send(new CreateBucketCommand({ Bucket })));
    expect(taken).toMatchObject({ name: 'BucketAlreadyExists', status: 409 });
    theirs.destroy();
  });
});
