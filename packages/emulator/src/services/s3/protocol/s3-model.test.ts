import { Readable } from 'node:stream';
import * as sdk from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import type { WireResponse } from '../../../core/wire.ts';
import { restXmlAdapter } from '../../../protocols/rest-xml.ts';
import { S3_MODEL, S3_XMLNS } from './s3-model.ts';
import { S3_SDK_MODEL } from './s3-sdk-model.ts';
import { s3ModelFromSdk } from './write-s3-model.ts';

/*
 * S3's output bindings against the SDK's: the generated model is what @aws-sdk/client-s3's schemas say, the
 * emulator departs from it only where stated, and what the REST-XML adapter writes from an output, the SDK's own
 * deserializer reads back as that output (headers, documents, list and element names, dates, statuses).
 */

const respond = restXmlAdapter(S3_MODEL, S3_XMLNS);

/** Paths where two models differ. */
function differences(a: unknown, b: unknown, path: string[] = []): string[] {
  if (JSON.stringify(a) === JSON.stringify(b)) return [];
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].flatMap((key) =>
      differences((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], [...path, key]),
    );
  }
  return [path.join('.')];
}

/** An S3 client whose every request is answered by `answer` (the adapter's response), read by the SDK. */
function clientAnswering(answer: () => WireResponse): sdk.S3Client {
  return new sdk.S3Client({
    region: 'us-east-1',
    endpoint: 'http://127.0.0.1:1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    requestHandler: {
      async handle() {
        const { status, headers, body } = answer();
        const flat: Record<string, string> = {};
        for (const [name, value] of Object.entries(headers)) flat[name] = String(value);
        const stream = body instanceof Readable ? body : Readable.from(body === undefined ? [] : [body]);
        return { response: { statusCode: status, headers: flat, body: stream } };
      },
    },
  });
}

async function roundTrip(operation: string, output: object, command: object, method = 'GET') {
  const answer = await respond(operation, output, { method, requestId: 'req-1' });
  const client = clientAnswering(() => answer);
  const { $metadata, ...read } = (await client.send(command as never)) as unknown as {
    $metadata: { httpStatusCode?: number };
  } & Record<string, unknown>;
  return { read, status: $metadata.httpStatusCode, answer };
}

const at = new Date('2026-12-04T10:00:00.000Z');
const Bucket = 'b';
const Key = 'k';
const owner = { ID: 'a'.repeat(64), DisplayName: 'cloudlab-1' };

describe('S3 model', () => {
  it('is what @aws-sdk/client-s3 states for every served operation (run write-s3-model.ts when this fails)', () => {
    expect(s3ModelFromSdk()).toEqual(S3_SDK_MODEL);
  });

  it('departs from the SDK model only where s3-model.ts says', () => {
    expect(differences(S3_SDK_MODEL, S3_MODEL)).toEqual([
      'operations.PutBucketTagging.status',
      'shapes.GetObjectOutput.members.ExpiresString.header',
      'shapes.HeadObjectOutput.members.ExpiresString.header',
    ]);
  });
});

describe('REST-XML answers read by the SDK', () => {
  it.each([
    [
      'ListObjectsV2',
      {
        Name: Bucket,
        Prefix: 'p/',
        Delimiter: '/',
        MaxKeys: 2,
        KeyCount: 2,
        IsTruncated: true,
        NextContinuationToken: 'dG9rZW4',
        Contents: [
          {
            Key: 'p/a',
            LastModified: at,
            ETag: '"e"',
            ChecksumAlgorithm: ['CRC64NVME'],
            ChecksumType: 'FULL_OBJECT',
            Size: 3,
            Owner: owner,
            StorageClass: 'STANDARD',
          },
        ],
        CommonPrefixes: [{ Prefix: 'p/q/' }],
      },
      new sdk.ListObjectsV2Command({ Bucket }),
    ],
    [
      'ListBuckets',
      { Owner: owner, Buckets: [{ Name: Bucket, CreationDate: at, BucketRegion: 'eu-west-1' }], Prefix: 'b' },
      new sdk.ListBucketsCommand({}),
    ],
    [
      'ListParts',
      {
        Bucket,
        Key,
        UploadId: 'u',
        PartNumberMarker: '0',
        NextPartNumberMarker: '2',
        MaxParts: 2,
        IsTruncated: false,
        Parts: [
          { PartNumber: 1, LastModified: at, ETag: '"1"', Size: 5, ChecksumCRC32: 'AAAAAA==' },
          { PartNumber: 2, LastModified: at, ETag: '"2"', Size: 1 },
        ],
        Initiator: { ID: 'arn', DisplayName: 'arn' },
        Owner: owner,
        StorageClass: 'STANDARD',
        ChecksumAlgorithm: 'CRC32',
        ChecksumType: 'COMPOSITE',
      },
      new sdk.ListPartsCommand({ Bucket, Key, UploadId: 'u' }),
    ],
    [
      'ListMultipartUploads',
      {
        Bucket,
        KeyMarker: '',
        UploadIdMarker: '',
        Prefix: '',
        MaxUploads: 1000,
        IsTruncated: false,
        Uploads: [
          { Key, UploadId: 'u', Initiator: owner, Owner: owner, StorageClass: 'STANDARD', Initiated: at },
        ],
      },
      new sdk.ListMultipartUploadsCommand({ Bucket }),
    ],
    [
      'DeleteObjects',
      { Deleted: [{ Key: 'a' }], Errors: [{ Key: 'b', Code: 'InternalError', Message: 'no' }] },
      new sdk.DeleteObjectsCommand({ Bucket, Delete: { Objects: [{ Key: 'a' }] } }),
    ],
    [
      'GetObjectTagging',
      { TagSet: [{ Key: 't', Value: 'v' }] },
      new sdk.GetObjectTaggingCommand({ Bucket, Key }),
    ],
    ['GetBucketLocation', { LocationConstraint: 'eu-west-1' }, new sdk.GetBucketLocationCommand({ Bucket })],
    [
      'CopyObject',
      {
        ServerSideEncryption: 'AES256',
        CopyObjectResult: {
          ETag: '"e"',
          LastModified: at,
          ChecksumCRC64NVME: 'AAAAAAAAAAA=',
          ChecksumType: 'FULL_OBJECT',
        },
      },
      new sdk.CopyObjectCommand({ Bucket, Key, CopySource: 'b/src' }),
    ],
    [
      'CreateMultipartUpload',
      { ChecksumAlgorithm: 'SHA256', ChecksumType: 'COMPOSITE', Bucket, Key, UploadId: 'u' },
      new sdk.CreateMultipartUploadCommand({ Bucket, Key }),
    ],
    [
      'CompleteMultipartUpload',
      {
        ServerSideEncryption: 'AES256',
        Location: 'http://127.0.0.1/b/k',
        Bucket,
        Key,
        ETag: '"e-2"',
        ChecksumCRC64NVME: 'AAAAAAAAAAA=',
        ChecksumType: 'FULL_OBJECT',
      },
      new sdk.CompleteMultipartUploadCommand({ Bucket, Key, UploadId: 'u' }),
    ],
    [
      'PutObject',
      { ETag: '"e"', ServerSideEncryption: 'AES256', ChecksumCRC32: 'AAAAAA==', ChecksumType: 'FULL_OBJECT' },
      new sdk.PutObjectCommand({ Bucket, Key, Body: 'x' }),
    ],
    [
      'HeadBucket',
      { BucketRegion: 'eu-west-1', AccessPointAlias: false },
      new sdk.HeadBucketCommand({ Bucket }),
    ],
  ] as const)('%s', async (operation, output, command) => {
    const method = operation === 'HeadBucket' ? 'HEAD' : 'GET';
    const { read, status } = await roundTrip(operation, output, command, method);
    expect(read).toEqual(output);
    expect(status).toBe(S3_MODEL.operations[operation]?.status);
  });

  it('answers HeadObject with its headers alone, user metadata and the Expires text included', async () => {
    const output = {
      LastModified: at,
      ETag: '"e"',
      ContentLength: 3,
      ContentType: 'text/plain',
      ExpiresString: 'Thu, 01 Jan 2099 00:00:00 GMT',
      AcceptRanges: 'bytes',
      ServerSideEncryption: 'AES256',
      StorageClass: 'STANDARD_IA',
      TagCount: 2,
      Metadata: { colour: 'blue' },
    } as const;
    const { read, answer } = await roundTrip(
      'HeadObject',
      output,
      new sdk.HeadObjectCommand({ Bucket, Key }),
      'HEAD',
    );
    expect(read).toMatchObject({ ...output, Expires: new Date('2099-01-01T00:00:00.000Z') });
    expect(answer.body).toBeUndefined();
  });

  it('answers a ranged GetObject with 206 and its Content-Range', async () => {
    const output = {
      ContentLength: 2,
      ContentRange: 'bytes 0-1/3',
      Body: Readable.from([Buffer.from('ab')]),
    };
    const { read, status } = await roundTrip('GetObject', output, new sdk.GetObjectCommand({ Bucket, Key }));
    expect(status).toBe(206);
    expect(read.ContentRange).toBe('bytes 0-1/3');
    expect(await (read.Body as { transformToString(): Promise<string> }).transformToString()).toBe('ab');
  });

  it('refuses an output member the model does not have, rather than dropping it', async () => {
    await expect(respond('PutObject', { Nonsense: 1 }, { method: 'PUT', requestId: 'r' })).rejects.toThrow(
      /PutObject's output has no member Nonsense/,
    );
  });
});
