import { createHash } from 'node:crypto';
import {
  CopyObjectCommand,
  CreateBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  PutObjectCommand,
  PutObjectTaggingCommand,
  waitUntilObjectExists,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type S3TestEmulator, sdkError, startS3TestEmulator } from './test-support/s3-emulator.ts';

let t: S3TestEmulator;
let Bucket: string;
beforeAll(async () => {
  t = await startS3TestEmulator();
  Bucket = t.bucketName('objects');
  await t.s3.send(new CreateBucketCommand({ Bucket }));
});
afterAll(() => t.stop());

const md5 = (text: string | Buffer) => createHash('md5').update(text).digest('hex');
const text = async (Key: string, extra: Record<string, unknown> = {}) => {
  const out = await t.s3.send(new GetObjectCommand({ Bucket, Key, ...extra }));
  return { out, body: await out.Body!.transformToString() };
};

describe('S3 objects: PutObject, GetObject, HeadObject', () => {
  it('stores the body with its headers and user metadata, and ETag is the quoted MD5', async () => {
    const put = await t.s3.send(
      new PutObjectCommand({
        Bucket,
        Key: 'docs/readme.txt',
        Body: 'hello, cloudlab',
        ContentType: 'text/plain; charset=utf-8',
        CacheControl: 'max-age=60',
        ContentDisposition: 'attachment; filename="readme.txt"',
        ContentEncoding: 'identity',
        Metadata: { learner: 'ada', lab: '02' },
        Tagging: 'cloudlab%3Alab=02&team=a',
      }),
    );
    expect(put.ETag).toBe(`"${md5('hello, cloudlab')}"`);
    const { out, body } = await text('docs/readme.txt');
    expect(body).toBe('hello, cloudlab');
    expect(out).toMatchObject({
      ETag: put.ETag,
      ContentType: 'text/plain; charset=utf-8',
      CacheControl: 'max-age=60',
      ContentDisposition: 'attachment; filename="readme.txt"',
      ContentEncoding: 'identity',
      ContentLength: 15,
      Metadata: { learner: 'ada', lab: '02' },
      TagCount: 2,
      AcceptRanges: 'bytes',
    });
    expect(out.LastModified).toBeInstanceOf(Date);
    const head = await t.s3.send(new HeadObjectCommand({ Bucket, Key: 'docs/readme.txt' }));
    expect(head).toMatchObject({
      ContentLength: 15,
      ETag: put.ETag,
      Metadata: { learner: 'ada', lab: '02' },
    });
    const tags = await t.s3.send(new GetObjectTaggingCommand({ Bucket, Key: 'docs/readme.txt' }));
    expect(tags.TagSet).toEqual([
      { Key: 'cloudlab:lab', Value: '02' },
      { Key: 'team', Value: 'a' },
    ]);
  });

  it('overwrites an object in place', async () => {
    await t.s3.send(new PutObjectCommand({ Bucket, Key: 'over', Body: 'one', ContentType: 'text/a' }));
    await t.s3.send(new PutObjectCommand({ Bucket, Key: 'over', Body: 'two!' }));
    const { out, body } = await text('over');
    expect(body).toBe('two!');
    expect(out.ContentLength).toBe(4);
    expect(out.ContentType).not.toBe('text/a');
  });

  it('stores an empty object', async () => {
    await t.s3.send(new PutObjectCommand({ Bucket, Key: 'empty', Body: '' }));
    const { out, body } = await text('empty');
    expect(body).toBe('');
    expect(out.ETag).toBe(`"${md5('')}"`);
  });

  it('answers NoSuchKey with the key for GET, and a bodiless 404 for HEAD', async () => {
    const error = await sdkError(() => t.s3.send(new GetObjectCommand({ Bucket, Key: 'nope/missing.txt' })));
    expect(error).toMatchObject({
      name: 'NoSuchKey',
      status: 404,
      message: 'The specified key does not exist.',
    });
    expect(error.raw.Key).toBe('nope/missing.txt');
    const head = await sdkError(() => t.s3.send(new HeadObjectCommand({ Bucket, Key: 'nope/missing.txt' })));
    expect(head).toMatchObject({ name: 'NotFound', status: 404 });
  });

  it('lets the SDK waiter waitUntilObjectExists see an object that appears later', async () => {
    const Key = 'waiter/late';
    setTimeout(() => void t.s3.send(new PutObjectCommand({ Bucket, Key, Body: 'late' })), 300);
    const result = await waitUntilObjectExists(
      { client: t.s3, maxWaitTime: 10, minDelay: 1, maxDelay: 1 },
      { Bucket, Key },
    );
    expect(result.state).toBe('SUCCESS');
  });

  it('refuses a bucket owned by someone other than x-amz-expected-bucket-owner with AccessDenied', async () => {
    const error = await sdkError(() =>
      t.s3.send(new GetObjectCommand({ Bucket, Key: 'over', ExpectedBucketOwner: '111122223333' })),
    );
    expect(error).toMatchObject({ name: 'AccessDenied', status: 403 });
  });

  it('refuses a key longer than 1,024 bytes with KeyTooLongError', async () => {
    const error = await sdkError(() =>
      t.s3.send(new PutObjectCommand({ Bucket, Key: 'k'.repeat(1025), Body: 'x' })),
    );
    expect(error).toMatchObject({ name: 'KeyTooLongError', status: 400, message: 'Your key is too long' });
  });

  it('round-trips odd keys: unicode, spaces, `../`, `%`, `+`, and exactly 1,024 bytes', async () => {
    const keys = [
      'ünïcödé/日本語 😀.txt',
      '../x',
      'a/../../b',
      'dir//double',
      'per%cent+plus & amp?q=1#h',
      'é'.repeat(512),
    ];
    for (const Key of keys) {
      await t.s3.send(new PutObjectCommand({ Bucket, Key, Body: `body of ${Key}` }));
      expect((await text(Key)).body).toBe(`body of ${Key}`);
    }
  });
});

describe('S3 objects: archived storage classes', () => {
  it('refuses GetObject on a GLACIER or DEEP_ARCHIVE object with InvalidObjectState (403); HeadObject still answers', async () => {
    for (const StorageClass of ['GLACIER', 'DEEP_ARCHIVE'] as const) {
      const Key = `archive/${StorageClass}.txt`;
      await t.s3.send(new PutObjectCommand({ Bucket, Key, Body: 'cold', StorageClass }));
      const error = await sdkError(() => text(Key));
      expect(error).toMatchObject({
        name: 'InvalidObjectState',
        message: "The operation is not valid for the object's storage class",
        status: 403,
      });
      const head = await t.s3.send(new HeadObjectCommand({ Bucket, Key }));
      expect(head.StorageClass).toBe(StorageClass);
    }
    await t.s3.send(
      new PutObjectCommand({ Bucket, Key: 'archive/ir.txt', Body: 'warm', StorageClass: 'GLACIER_IR' }),
    );
    expect((await text('archive/ir.txt')).body).toBe('warm');
  });
});

describe('S3 objects: ranges', () => {
  const Key = 'range/alphabet';
  beforeAll(async () => {
    await t.s3.send(new PutObjectCommand({ Bucket, Key, Body: 'abcdefghijklmnopqrstuvwxyz' }));
  });

  it.each([
    ['bytes=0-4', 'abcde', 'bytes 0-4/26'],
    ['bytes=20-', 'uvwxyz', 'bytes 20-25/26'],
    ['bytes=-3', 'xyz', 'bytes 23-25/26'],
    ['bytes=24-100', 'yz', 'bytes 24-25/26'],
    ['bytes=-100', 'abcdefghijklmnopqrstuvwxyz', 'bytes 0-25/26'],
  ])('serves Range %s as 206 with %j', async (Range, expected, contentRange) => {
    const { out, body } = await text(Key, { Range });
    expect(out.$metadata.httpStatusCode).toBe(206);
    expect(body).toBe(expected);
    expect(out.ContentRange).toBe(contentRange);
    expect(out.ContentLength).toBe(expected.length);
  });

  it('answers InvalidRange (416) for a range past the end', async () => {
    const error = await sdkError(() =>
      t.s3.send(new GetObjectCommand({ Bucket, Key, Range: 'bytes=26-30' })),
    );
    expect(error).toMatchObject({
      name: 'InvalidRange',
      status: 416,
      message: 'The requested range is not satisfiable',
    });
  });

  it('ignores a range it cannot parse and serves the whole object', async () => {
    const { out, body } = await text(Key, { Range: 'bytes=5-2' });
    expect(out.$metadata.httpStatusCode).toBe(200);
    expect(body).toHaveLength(26);
  });
});

describe('S3 objects: conditional requests', () => {
  const Key = 'cond/item';
  let etag: string;
  let modified: Date;
  beforeAll(async () => {
    etag = (await t.s3.send(new PutObjectCommand({ Bucket, Key, Body: 'v1' }))).ETag!;
    modified = (await t.s3.send(new HeadObjectCommand({ Bucket, Key }))).LastModified!;
  });

  it('serves the object when If-Match matches and answers 412 PreconditionFailed when not', async () => {
    expect((await text(Key, { IfMatch: etag })).body).toBe('v1');
    const error = await sdkError(() =>
      t.s3.send(new GetObjectCommand({ Bucket, Key, IfMatch: '"deadbeef"' })),
    );
    expect(error).toMatchObject({ name: 'PreconditionFailed', status: 412 });
  });

  it('answers 304 Not Modified for a matching If-None-Match and for If-Modified-Since the last change', async () => {
    const noneMatch = await sdkError(() =>
      t.s3.send(new GetObjectCommand({ Bucket, Key, IfNoneMatch: etag })),
    );
    expect(noneMatch.status).toBe(304);
    const since = await sdkError(() =>
      t.s3.send(new GetObjectCommand({ Bucket, Key, IfModifiedSince: new Date(modified.getTime() + 1000) })),
    );
    expect(since.status).toBe(304);
    expect((await text(Key, { IfModifiedSince: new Date(modified.getTime() - 60_000) })).body).toBe('v1');
  });

  it('answers 412 for If-Unmodified-Since before the last change, on HEAD too', async () => {
    const before = new Date(modified.getTime() - 60_000);
    const error = await sdkError(() =>
      t.s3.send(new HeadObjectCommand({ Bucket, Key, IfUnmodifiedSince: before })),
    );
    expect(error.status).toBe(412);
  });

  it('refuses to overwrite with If-None-Match: * (conditional write)', async () => {
    const error = await sdkError(() =>
      t.s3.send(new PutObjectCommand({ Bucket, Key, Body: 'v2', IfNoneMatch: '*' })),
    );
    expect(error).toMatchObject({ name: 'PreconditionFailed', status: 412 });
    expect((await text(Key)).body).toBe('v1');
  });
});

describe('S3 objects: CopyObject, tagging and deletes', () => {
  it('copies with metadata (COPY) or replaces it (REPLACE)', async () => {
    await t.s3.send(
      new PutObjectCommand({
        Bucket,
        Key: 'copy/src',
        Body: 'payload',
        ContentType: 'text/csv',
        Metadata: { a: '1' },
      }),
    );
    const copied = await t.s3.send(
      new CopyObjectCommand({ Bucket, Key: 'copy/dst', CopySource: `${Bucket}/copy/src` }),
    );
    expect(copied.CopyObjectResult?.ETag).toBe(`"${md5('payload')}"`);
    const dst = await text('copy/dst');
    expect(dst.body).toBe('payload');
    expect(dst.out).toMatchObject({ ContentType: 'text/csv', Metadata: { a: '1' } });

    await t.s3.send(
      new CopyObjectCommand({
        Bucket,
        Key: 'copy/src',
        CopySource: encodeURIComponent(`${Bucket}/copy/src`),
        MetadataDirective: 'REPLACE',
        ContentType: 'application/json',
        Metadata: { b: '2' },
      }),
    );
    const replaced = await text('copy/src');
    expect(replaced.body).toBe('payload');
    expect(replaced.out).toMatchObject({ ContentType: 'application/json', Metadata: { b: '2' } });
  });

  it('refuses to copy an object onto itself without changes (InvalidRequest)', async () => {
    const error = await sdkError(() =>
      t.s3.send(new CopyObjectCommand({ Bucket, Key: 'copy/src', CopySource: `${Bucket}/copy/src` })),
    );
    expect(error).toMatchObject({ name: 'InvalidRequest', status: 400 });
    expect(error.message).toMatch(/copy an object to itself/);
  });

  it('answers NoSuchKey when the copy source is missing', async () => {
    const error = await sdkError(() =>
      t.s3.send(new CopyObjectCommand({ Bucket, Key: 'copy/x', CopySource: `${Bucket}/copy/absent` })),
    );
    expect(error).toMatchObject({ name: 'NoSuchKey', status: 404 });
  });

  it('replaces object tags with PutObjectTagging', async () => {
    await t.s3.send(new PutObjectCommand({ Bucket, Key: 'tagged', Body: 't' }));
    await t.s3.send(
      new PutObjectTaggingCommand({ Bucket, Key: 'tagged', Tagging: { TagSet: [{ Key: 'k', Value: 'v' }] } }),
    );
    const tags = await t.s3.send(new GetObjectTaggingCommand({ Bucket, Key: 'tagged' }));
    expect(tags.TagSet).toEqual([{ Key: 'k', Value: 'v' }]);
  });

  it('deletes one object idempotently (204 even when missing)', async () => {
    await t.s3.send(new PutObjectCommand({ Bucket, Key: 'del/one', Body: '1' }));
    await t.s3.send(new DeleteObjectCommand({ Bucket, Key: 'del/one' }));
    const again = await t.s3.send(new DeleteObjectCommand({ Bucket, Key: 'del/one' }));
    expect(again.$metadata.httpStatusCode).toBe(204);
    expect((await sdkError(() => text('del/one'))).name).toBe('NoSuchKey');
  });

  it('deletes many objects, listing each unless Quiet', async () => {
    for (const Key of ['del/a', 'del/b', 'del/c'])
      await t.s3.send(new PutObjectCommand({ Bucket, Key, Body: Key }));
    const loud = await t.s3.send(
      new DeleteObjectsCommand({ Bucket, Delete: { Objects: [{ Key: 'del/a' }, { Key: 'del/never' }] } }),
    );
    expect(loud.Deleted?.map((d) => d.Key)).toEqual(['del/a', 'del/never']);
    const quiet = await t.s3.send(
      new DeleteObjectsCommand({
        Bucket,
        Delete: { Objects: [{ Key: 'del/b' }, { Key: 'del/c' }], Quiet: true },
      }),
    );
    expect(quiet.Deleted ?? []).toEqual([]);
    expect(quiet.Errors ?? []).toEqual([]);
    expect((await sdkError(() => text('del/b'))).name).toBe('NoSuchKey');
  });

  it('reports a per-key error (KeyTooLongError) inside a DeleteObjects result', async () => {
    const out = await t.s3.send(
      new DeleteObjectsCommand({
        Bucket,
        Delete: { Objects: [{ Key: 'k'.repeat(1025) }, { Key: 'del/ok' }] },
      }),
    );
    expect(out.Deleted?.map((d) => d.Key)).toEqual(['del/ok']);
    expect(out.Errors).toEqual([
      { Key: 'k'.repeat(1025), Code: 'KeyTooLongError', Message: 'Your key is too long' },
    ]);
  });

  it.each([
    ['not XML', '<Delete><Object><Key>a</Key></Object>'],
    ['another root element', '<Remove><Object><Key>a</Key></Object></Remove>'],
    ['no objects', '<Delete><Quiet>true</Quiet></Delete>'],
  ])('answers MalformedXML to a DeleteObjects body with %s', async (_name, body) => {
    const client = t.client();
    client.middlewareStack.add(
      (next) => (args) => {
        (args.request as { body: unknown }).body = body;
        return next(args);
      },
      { step: 'build', priority: 'high' },
    );
    const error = await sdkError(() =>
      client.send(new DeleteObjectsCommand({ Bucket, Delete: { Objects: [{ Key: 'a' }] } })),
    );
    expect(error).toMatchObject({ name: 'MalformedXML', status: 400 });
    expect(error.message).toMatch(/not well-formed/);
    client.destroy();
  });
});
