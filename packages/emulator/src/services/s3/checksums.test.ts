import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { Crc32 } from '@aws-crypto/crc32';
import { Crc32c } from '@aws-crypto/crc32c';
import { Crc64NvmeJs } from '@aws-sdk/checksums/crc';
import {
  type ChecksumAlgorithm,
  CreateBucketCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type S3TestEmulator, sdkError, startS3TestEmulator } from './test-support/s3-emulator.ts';
import { seedOf, signedChunkedBody, signedFetch, signRequest } from './test-support/signed-fetch.ts';

let t: S3TestEmulator;
let Bucket: string;
beforeAll(async () => {
  t = await startS3TestEmulator();
  Bucket = t.bucketName('checksums');
  await t.s3.send(new CreateBucketCommand({ Bucket }));
});
afterAll(() => t.stop());

const payload = Buffer.from('The quick brown fox jumps over the lazy dog. '.repeat(3000));

function uint32(value: number): Buffer {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(value >>> 0);
  return out;
}

/** Reference digests computed here, independently of the emulator's code path. */
async function expected(algorithm: ChecksumAlgorithm, data: Buffer): Promise<string> {
  switch (algorithm) {
    case 'CRC32':
      return uint32(new Crc32().update(data).digest()).toString('base64');
    case 'CRC32C':
      return uint32(new Crc32c().update(data).digest()).toString('base64');
    case 'CRC64NVME': {
      const crc = new Crc64NvmeJs();
      crc.update(data);
      return Buffer.from(await crc.digest()).toString('base64');
    }
    default:
      return createHash(algorithm.toLowerCase()).update(data).digest('base64');
  }
}

/**
 * A stream the SDK cannot hash up front, so it sends aws-chunked with a trailing checksum. (With no
 * ContentLength at all, SDK 3.11xx refuses client-side: it needs x-amz-decoded-content-length.)
 */
function streamOf(data: Buffer): Readable {
  return Readable.from(
    (function* () {
      for (let i = 0; i < data.length; i += 16 * 1024) yield data.subarray(i, i + 16 * 1024);
    })(),
  );
}

const ALGORITHMS: ChecksumAlgorithm[] = ['CRC32', 'CRC32C', 'CRC64NVME', 'SHA1', 'SHA256'];

describe('S3 checksums and aws-chunked uploads', () => {
  it.each(ALGORITHMS)(
    'accepts an aws-chunked upload with a trailing %s checksum, returns it on PUT and on GET with ChecksumMode',
    async (algorithm) => {
      const Key = `chunked/${algorithm}`;
      const sent: Record<string, string> = {};
      const client = t.client();
      client.middlewareStack.add(
        (next) => (args) => {
          Object.assign(sent, (args.request as { headers: Record<string, string> }).headers);
          return next(args);
        },
        { step: 'deserialize', priority: 'high' },
      );
      const put = await client.send(
        new PutObjectCommand({
          Bucket,
          Key,
          Body: streamOf(payload),
          ContentLength: payload.length,
          ChecksumAlgorithm: algorithm,
        }),
      );
      expect(sent['x-amz-content-sha256']).toBe('STREAMING-UNSIGNED-PAYLOAD-TRAILER');
      expect(sent['x-amz-trailer']).toBe(`x-amz-checksum-${algorithm.toLowerCase()}`);
      const digest = await expected(algorithm, payload);
      expect(put[`Checksum${algorithm}`]).toBe(digest);
      expect(put.ETag).toBe(`"${createHash('md5').update(payload).digest('hex')}"`);

      const got = await client.send(new GetObjectCommand({ Bucket, Key, ChecksumMode: 'ENABLED' }));
      expect(got[`Checksum${algorithm}`]).toBe(digest);
      expect(got.ChecksumType).toBe('FULL_OBJECT');
      // The SDK validates the checksum while reading; a wrong one would throw here.
      expect(Buffer.from(await got.Body!.transformToByteArray()).equals(payload)).toBe(true);
      client.destroy();
    },
  );

  it('computes CRC64NVME when the client sends no checksum, as S3 does', async () => {
    const { url, headers } = await signRequest(t.emulator.endpoint, t.emulator.credentials, {
      method: 'PUT',
      path: `/${Bucket}/plain`,
      headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
    });
    const { host: _host, ...sent } = headers;
    const res = await fetch(url, { method: 'PUT', headers: sent, body: payload });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-amz-checksum-crc64nvme')).toBe(await expected('CRC64NVME', payload));
    const head = await t.s3.send(new HeadObjectCommand({ Bucket, Key: 'plain', ChecksumMode: 'ENABLED' }));
    expect(head.ChecksumCRC64NVME).toBe(await expected('CRC64NVME', payload));
    expect(head.ContentType).toBe('binary/octet-stream');
  });

  it('streams an upload of unknown length (Transfer-Encoding: chunked, no Content-Length)', async () => {
    const { url, headers } = await signRequest(t.emulator.endpoint, t.emulator.credentials, {
      method: 'PUT',
      path: `/${Bucket}/unknown-length`,
      headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
    });
    const { host: _host, ...sent } = headers;
    const res = await fetch(url, {
      method: 'PUT',
      headers: sent,
      body: Readable.toWeb(streamOf(payload)) as ReadableStream,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(200);
    const head = await t.s3.send(new HeadObjectCommand({ Bucket, Key: 'unknown-length' }));
    expect(head.ContentLength).toBe(payload.length);
  });

  it('refuses a checksum header that does not match the body with BadDigest', async () => {
    const error = await sdkError(() =>
      t.s3.send(new PutObjectCommand({ Bucket, Key: 'bad-crc', Body: 'data', ChecksumCRC32: 'AAAAAA==' })),
    );
    expect(error).toMatchObject({
      name: 'BadDigest',
      status: 400,
      message: 'The CRC32 you specified did not match the calculated checksum.',
    });
    expect(await sdkError(() => t.s3.send(new HeadObjectCommand({ Bucket, Key: 'bad-crc' })))).toMatchObject({
      status: 404,
    });
  });

  it('verifies Content-MD5: BadDigest when it does not match, InvalidDigest when it is not an MD5', async () => {
    const wrong = createHash('md5').update('other').digest('base64');
    const bad = await sdkError(() =>
      t.s3.send(new PutObjectCommand({ Bucket, Key: 'md5', Body: 'data', ContentMD5: wrong })),
    );
    expect(bad).toMatchObject({ name: 'BadDigest', status: 400 });
    const invalid = await sdkError(() =>
      t.s3.send(new PutObjectCommand({ Bucket, Key: 'md5', Body: 'data', ContentMD5: 'nope' })),
    );
    expect(invalid).toMatchObject({ name: 'InvalidDigest', status: 400 });
    const right = createHash('md5').update('data').digest('base64');
    await expect(
      t.s3.send(new PutObjectCommand({ Bucket, Key: 'md5', Body: 'data', ContentMD5: right })),
    ).resolves.toBeDefined();
  });

  it('refuses a body whose sha256 differs from the signed x-amz-content-sha256 (XAmzContentSHA256Mismatch)', async () => {
    const claimed = createHash('sha256').update('what was signed').digest('hex');
    const res = await signedFetch(t.emulator.endpoint, t.emulator.credentials, {
      method: 'PUT',
      path: `/${Bucket}/sha-mismatch`,
      headers: { 'x-amz-content-sha256': claimed },
      body: Buffer.from('what was sent'),
    });
    expect(res.status).toBe(400);
    const xml = await res.text();
    expect(xml).toContain('<Code>XAmzContentSHA256Mismatch</Code>');
    expect(xml).toContain(`<ClientComputedContentSHA256>${claimed}</ClientComputedContentSHA256>`);
  });

  // Small plain bodies are read whole and large ones streamed (receive-body.ts): both must check the same.
  it.each([
    ['read whole', Buffer.from('{}')],
    ['streamed', payload],
  ])('checks a %s plain body: CRC32, Content-MD5 and the signed sha256, then keeps it', async (_, body) => {
    const Key = `plain-${body.length}`;
    const badCrc = await sdkError(() =>
      t.s3.send(new PutObjectCommand({ Bucket, Key, Body: body, ChecksumCRC32: 'AAAAAA==' })),
    );
    expect(badCrc).toMatchObject({ name: 'BadDigest', status: 400 });
    const wrongMd5 = createHash('md5').update('other').digest('base64');
    const badMd5 = await sdkError(() =>
      t.s3.send(new PutObjectCommand({ Bucket, Key, Body: body, ContentMD5: wrongMd5 })),
    );
    expect(badMd5).toMatchObject({ name: 'BadDigest', status: 400 });
    const res = await signedFetch(t.emulator.endpoint, t.emulator.credentials, {
      method: 'PUT',
      path: `/${Bucket}/${Key}`,
      headers: { 'x-amz-content-sha256': createHash('sha256').update('what was signed').digest('hex') },
      body,
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('<Code>XAmzContentSHA256Mismatch</Code>');
    expect(await sdkError(() => t.s3.send(new HeadObjectCommand({ Bucket, Key })))).toMatchObject({
      status: 404,
    });

    const put = await t.s3.send(new PutObjectCommand({ Bucket, Key, Body: body }));
    expect(put.ETag).toBe(`"${createHash('md5').update(body).digest('hex')}"`);
    expect(put.ChecksumCRC32).toBe(await expected('CRC32', body));
    const got = await t.s3.send(new GetObjectCommand({ Bucket, Key }));
    expect(Buffer.from(await got.Body!.transformToByteArray()).equals(body)).toBe(true);
  });

  async function signedChunkedPut(Key: string, options: { tamper?: number; trailer?: boolean }) {
    const chunks = [payload.subarray(0, 65536), payload.subarray(65536, 100000), payload.subarray(100000)];
    const trailerValue = await expected('CRC32C', payload);
    const mode = options.trailer
      ? 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER'
      : 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD';
    const headers: Record<string, string> = {
      'x-amz-content-sha256': mode,
      'content-encoding': 'aws-chunked',
      'x-amz-decoded-content-length': String(payload.length),
      ...(options.trailer ? { 'x-amz-trailer': 'x-amz-checksum-crc32c' } : {}),
    };
    // Sign once to learn the seed signature, then build the body and send with those exact headers.
    const draft = await signRequest(t.emulator.endpoint, t.emulator.credentials, {
      method: 'PUT',
      path: `/${Bucket}/${Key}`,
      headers,
    });
    const body = signedChunkedBody({
      chunks,
      ...seedOf(draft.headers),
      secretAccessKey: t.emulator.credentials.secretAccessKey,
      tamper: options.tamper,
      trailer: options.trailer ? { name: 'x-amz-checksum-crc32c', value: trailerValue } : undefined,
    });
    const { host: _host, ...sent } = draft.headers;
    return fetch(draft.url, { method: 'PUT', headers: sent, body });
  }

  it('accepts a signed aws-chunked upload (STREAMING-AWS4-HMAC-SHA256-PAYLOAD) with valid chunk signatures', async () => {
    const res = await signedChunkedPut('signed', {});
    expect(res.status).toBe(200);
    const got = await t.s3.send(new GetObjectCommand({ Bucket, Key: 'signed' }));
    expect(Buffer.from(await got.Body!.transformToByteArray()).equals(payload)).toBe(true);
  });

  it('accepts a signed aws-chunked upload with a signed trailing checksum', async () => {
    const res = await signedChunkedPut('signed-trailer', { trailer: true });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-amz-checksum-crc32c')).toBe(await expected('CRC32C', payload));
  });

  it.each([0, 2, 3])(
    'refuses a tampered signature on chunk %i with SignatureDoesNotMatch (403) and stores nothing',
    async (tamper) => {
      const Key = `tampered-${tamper}`;
      const res = await signedChunkedPut(Key, { tamper });
      expect(res.status).toBe(403);
      expect(await res.text()).toContain('<Code>SignatureDoesNotMatch</Code>');
      expect(await sdkError(() => t.s3.send(new HeadObjectCommand({ Bucket, Key })))).toMatchObject({
        status: 404,
      });
    },
  );

  it('refuses an unsigned aws-chunked upload whose trailing checksum is wrong (BadDigest)', async () => {
    const body = Buffer.concat([
      Buffer.from(`${payload.length.toString(16)}\r\n`),
      payload,
      Buffer.from('\r\n0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n'),
    ]);
    const res = await signedFetch(t.emulator.endpoint, t.emulator.credentials, {
      method: 'PUT',
      path: `/${Bucket}/bad-trailer`,
      headers: {
        'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
        'content-encoding': 'aws-chunked',
        'x-amz-trailer': 'x-amz-checksum-crc32',
        'x-amz-decoded-content-length': String(payload.length),
      },
      body,
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('<Code>BadDigest</Code>');
  });

  it('refuses a truncated aws-chunked body with IncompleteBody', async () => {
    const body = Buffer.concat([Buffer.from('100\r\n'), Buffer.from('short')]);
    const res = await signedFetch(t.emulator.endpoint, t.emulator.credentials, {
      method: 'PUT',
      path: `/${Bucket}/truncated`,
      headers: {
        'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
        'content-encoding': 'aws-chunked',
      },
      body,
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('<Code>IncompleteBody</Code>');
  });
});
