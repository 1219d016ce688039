import { createHash, randomBytes } from 'node:crypto';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListPartsCommand,
  PutObjectCommand,
  UploadPartCommand,
  UploadPartCopyCommand,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type S3TestEmulator, sdkError, startS3TestEmulator } from './test-support/s3-emulator.ts';

let t: S3TestEmulator;
let Bucket: string;
const MiB = 1024 * 1024;
beforeAll(async () => {
  t = await startS3TestEmulator();
  Bucket = t.bucketName('multipart');
  await t.s3.send(new CreateBucketCommand({ Bucket }));
});
afterAll(() => t.stop());

const md5 = (data: Buffer) => createHash('md5').update(data).digest();

async function start(Key: string, extra: Record<string, unknown> = {}) {
  const { UploadId } = await t.s3.send(new CreateMultipartUploadCommand({ Bucket, Key, ...extra }));
  return UploadId!;
}

async function part(Key: string, UploadId: string, PartNumber: number, Body: Buffer) {
  const { ETag } = await t.s3.send(new UploadPartCommand({ Bucket, Key, UploadId, PartNumber, Body }));
  return { ETag: ETag!, PartNumber };
}

describe('S3 multipart uploads', () => {
  it('completes an upload into one object with the `-N` ETag and the parts joined in order', async () => {
    const Key = 'mp/joined.bin';
    const one = randomBytes(5 * MiB);
    const two = randomBytes(1234);
    const UploadId = await start(Key, { ContentType: 'application/x-test', Metadata: { source: 'mp' } });
    const parts = [await part(Key, UploadId, 1, one), await part(Key, UploadId, 2, two)];
    const listed = await t.s3.send(new ListPartsCommand({ Bucket, Key, UploadId }));
    expect(listed.Parts?.map((p) => [p.PartNumber, p.Size])).toEqual([
      [1, 5 * MiB],
      [2, 1234],
    ]);
    const done = await t.s3.send(
      new CompleteMultipartUploadCommand({ Bucket, Key, UploadId, MultipartUpload: { Parts: parts } }),
    );
    const expectedEtag = `"${createHash('md5')
      .update(Buffer.concat([md5(one), md5(two)]))
      .digest('hex')}-2"`;
    expect(done).toMatchObject({ Bucket, Key, ETag: expectedEtag });
    const got = await t.s3.send(new GetObjectCommand({ Bucket, Key }));
    const body = Buffer.from(await got.Body!.transformToByteArray());
    expect(body.equals(Buffer.concat([one, two]))).toBe(true);
    expect(got).toMatchObject({
      ContentType: 'application/x-test',
      Metadata: { source: 'mp' },
      ETag: expectedEtag,
    });
    expect((await t.s3.send(new HeadObjectCommand({ Bucket, Key }))).ContentLength).toBe(5 * MiB + 1234);
    const uploads = await t.s3.send(new ListMultipartUploadsCommand({ Bucket }));
    expect(uploads.Uploads?.map((u) => u.UploadId) ?? []).not.toContain(UploadId);
  });

  it('refuses parts listed out of order with InvalidPartOrder', async () => {
    const Key = 'mp/order';
    const UploadId = await start(Key);
    const parts = [
      await part(Key, UploadId, 1, randomBytes(5 * MiB)),
      await part(Key, UploadId, 2, randomBytes(10)),
    ];
    const error = await sdkError(() =>
      t.s3.send(
        new CompleteMultipartUploadCommand({
          Bucket,
          Key,
          UploadId,
          MultipartUpload: { Parts: parts.reverse() },
        }),
      ),
    );
    expect(error).toMatchObject({ name: 'InvalidPartOrder', status: 400 });
  });

  it('refuses an unknown part or a wrong ETag with InvalidPart, and a small middle part with EntityTooSmall', async () => {
    const Key = 'mp/bad';
    const UploadId = await start(Key);
    const small = await part(Key, UploadId, 1, Buffer.from('tiny'));
    const last = await part(Key, UploadId, 2, Buffer.from('end'));
    const complete = (Parts: { ETag: string; PartNumber: number }[]) =>
      sdkError(() =>
        t.s3.send(new CompleteMultipartUploadCommand({ Bucket, Key, UploadId, MultipartUpload: { Parts } })),
      );
    expect(await complete([small, { ETag: last.ETag, PartNumber: 3 }])).toMatchObject({
      name: 'InvalidPart',
    });
    expect(await complete([{ ETag: '"0123"', PartNumber: 1 }])).toMatchObject({
      name: 'InvalidPart',
      status: 400,
    });
    expect(await complete([small, last])).toMatchObject({
      name: 'EntityTooSmall',
      status: 400,
      message: 'Your proposed upload is smaller than the minimum allowed object size.',
    });
  });

  it('aborts an upload: its parts are gone and later calls answer NoSuchUpload', async () => {
    const Key = 'mp/abort';
    const UploadId = await start(Key);
    await part(Key, UploadId, 1, Buffer.from('x'));
    const listed = await t.s3.send(new ListMultipartUploadsCommand({ Bucket, Prefix: 'mp/abort' }));
    expect(listed.Uploads?.map((u) => u.Key)).toEqual([Key]);
    await t.s3.send(new AbortMultipartUploadCommand({ Bucket, Key, UploadId }));
    const error = await sdkError(() => t.s3.send(new ListPartsCommand({ Bucket, Key, UploadId })));
    expect(error).toMatchObject({ name: 'NoSuchUpload', status: 404 });
    expect(await sdkError(() => part(Key, UploadId, 2, Buffer.from('y')))).toMatchObject({
      name: 'NoSuchUpload',
    });
  });

  it('refuses a part number outside 1..10000 with InvalidArgument', async () => {
    const Key = 'mp/number';
    const UploadId = await start(Key);
    const error = await sdkError(() => part(Key, UploadId, 10001, Buffer.from('x')));
    expect(error).toMatchObject({ name: 'InvalidArgument', status: 400 });
  });

  it('answers MalformedXML to a CompleteMultipartUpload body that is not XML', async () => {
    const Key = 'mp/malformed';
    const UploadId = await start(Key);
    const client = t.client();
    client.middlewareStack.add(
      (next) => (args) => {
        (args.request as { body: unknown }).body = '<CompleteMultipartUpload><Part>';
        return next(args);
      },
      { step: 'build', priority: 'high' },
    );
    const error = await sdkError(() =>
      client.send(
        new CompleteMultipartUploadCommand({
          Bucket,
          Key,
          UploadId,
          MultipartUpload: { Parts: [{ ETag: '"a"', PartNumber: 1 }] },
        }),
      ),
    );
    expect(error).toMatchObject({ name: 'MalformedXML', status: 400 });
    client.destroy();
  });

  it('keeps a COMPOSITE checksum when the upload declares an algorithm', async () => {
    const Key = 'mp/sha256';
    const UploadId = await start(Key, { ChecksumAlgorithm: 'SHA256' });
    const one = randomBytes(5 * MiB);
    const two = randomBytes(100);
    const parts = [];
    for (const [i, body] of [one, two].entries()) {
      const out = await t.s3.send(
        new UploadPartCommand({
          Bucket,
          Key,
          UploadId,
          PartNumber: i + 1,
          Body: body,
          ChecksumAlgorithm: 'SHA256',
        }),
      );
      expect(out.ChecksumSHA256).toBe(createHash('sha256').update(body).digest('base64'));
      parts.push({ ETag: out.ETag!, PartNumber: i + 1, ChecksumSHA256: out.ChecksumSHA256 });
    }
    const done = await t.s3.send(
      new CompleteMultipartUploadCommand({ Bucket, Key, UploadId, MultipartUpload: { Parts: parts } }),
    );
    const composite = createHash('sha256')
      .update(Buffer.concat(parts.map((p) => Buffer.from(p.ChecksumSHA256!, 'base64'))))
      .digest('base64');
    expect(done.ChecksumSHA256).toBe(`${composite}-2`);
    const head = await t.s3.send(new HeadObjectCommand({ Bucket, Key, ChecksumMode: 'ENABLED' }));
    expect(head).toMatchObject({ ChecksumSHA256: `${composite}-2`, ChecksumType: 'COMPOSITE' });
  });

  it('builds an object from byte ranges of another with UploadPartCopy', async () => {
    const source = randomBytes(6 * MiB);
    await t.s3.send(new PutObjectCommand({ Bucket, Key: 'mp/copy-source', Body: source }));
    const Key = 'mp/copied';
    const UploadId = await start(Key);
    const copyPart = async (PartNumber: number, range: string) => {
      const out = await t.s3.send(
        new UploadPartCopyCommand({
          Bucket,
          Key,
          UploadId,
          PartNumber,
          CopySource: `${Bucket}/mp/copy-source`,
          CopySourceRange: range,
        }),
      );
      return { ETag: out.CopyPartResult!.ETag!, PartNumber };
    };
    const parts = [
      await copyPart(1, `bytes=0-${5 * MiB - 1}`),
      await copyPart(2, `bytes=${5 * MiB}-${6 * MiB - 1}`),
    ];
    expect(parts[0]?.ETag).toBe(`"${md5(source.subarray(0, 5 * MiB)).toString('hex')}"`);
    const outside = await sdkError(() => copyPart(3, `bytes=0-${6 * MiB}`));
    expect(outside).toMatchObject({ name: 'InvalidArgument', status: 400 });
    await t.s3.send(
      new CompleteMultipartUploadCommand({ Bucket, Key, UploadId, MultipartUpload: { Parts: parts } }),
    );
    const got = await t.s3.send(new GetObjectCommand({ Bucket, Key }));
    expect(Buffer.from(await got.Body!.transformToByteArray()).equals(source)).toBe(true);
  });

  it('uploads a 12 MB body with lib-storage Upload (multipart) and reads it back intact', async () => {
    const Key = 'mp/lib-storage.bin';
    const body = randomBytes(12 * MiB);
    const upload = new Upload({
      client: t.s3,
      params: { Bucket, Key, Body: body },
      partSize: 5 * MiB,
      queueSize: 2,
    });
    const result = await upload.done();
    expect(result.ETag).toMatch(/-3"$/);
    const got = await t.s3.send(new GetObjectCommand({ Bucket, Key }));
    const back = Buffer.from(await got.Body!.transformToByteArray());
    expect(back.length).toBe(body.length);
    expect(back.equals(body)).toBe(true);
  }, 60_000);
});
