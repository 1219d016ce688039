import { request } from 'node:http';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type S3TestEmulator, startS3TestEmulator } from './test-support/s3-emulator.ts';

let t: S3TestEmulator;
let Bucket: string;
beforeAll(async () => {
  t = await startS3TestEmulator();
  Bucket = t.bucketName('presign');
  await t.s3.send(new CreateBucketCommand({ Bucket }));
});
afterAll(() => t.stop());

describe('S3 presigned URLs with plain fetch', () => {
  it('uploads with a presigned PUT and downloads with a presigned GET', async () => {
    const Key = 'shared/report.csv';
    const putUrl = await getSignedUrl(t.s3, new PutObjectCommand({ Bucket, Key, ContentType: 'text/csv' }), {
      expiresIn: 300,
    });
    expect(putUrl).toContain('X-Amz-Signature=');
    const put = await fetch(putUrl, {
      method: 'PUT',
      body: 'a,b\n1,2\n',
      headers: { 'content-type': 'text/csv' },
    });
    expect(put.status).toBe(200);
    expect(put.headers.get('etag')).toMatch(/^"[0-9a-f]{32}"$/);

    const getUrl = await getSignedUrl(t.s3, new GetObjectCommand({ Bucket, Key }), { expiresIn: 300 });
    const got = await fetch(getUrl);
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('text/csv');
    expect(await got.text()).toBe('a,b\n1,2\n');
  });

  it('applies response-header overrides from a presigned GET', async () => {
    const Key = 'shared/download.txt';
    await t.s3.send(new PutObjectCommand({ Bucket, Key, Body: 'hi' }));
    const url = await getSignedUrl(
      t.s3,
      new GetObjectCommand({ Bucket, Key, ResponseContentDisposition: 'attachment; filename="d.txt"' }),
      { expiresIn: 60 },
    );
    const got = await fetch(url);
    expect(got.headers.get('content-disposition')).toBe('attachment; filename="d.txt"');
  });

  it('refuses Signature Version 2 (the AWS CLI v1 presigns so by default) with the error of a version-4-only region', async () => {
    const Key = 'shared/v2.txt';
    await t.s3.send(new PutObjectCommand({ Bucket, Key, Body: 'v2' }));
    // The shape `aws s3 presign` prints; the signature is never checked, the scheme is refused first.
    const expires = Math.floor(Date.now() / 1000) + 60;
    const queryV2 = await fetch(
      `${t.emulator.endpoint}/${Bucket}/${Key}?AWSAccessKeyId=${t.emulator.credentials.accessKeyId}&Signature=abc%3D&Expires=${expires}`,
    );
    const headerV2 = await fetch(`${t.emulator.endpoint}/${Bucket}/${Key}`, {
      headers: {
        authorization: `AWS ${t.emulator.credentials.accessKeyId}:abc=`,
        date: new Date().toUTCString(),
      },
    });
    for (const refused of [queryV2, headerV2]) {
      expect(refused.status).toBe(400);
      const xml = await refused.text();
      expect(xml).toContain('<Code>InvalidRequest</Code>');
      expect(xml).toContain('Please use AWS4-HMAC-SHA256.');
      expect(xml).toContain('signature_version s3v4');
    }
  });

  it('serves a presigned GET of a missing key as NoSuchKey XML', async () => {
    const url = await getSignedUrl(t.s3, new GetObjectCommand({ Bucket, Key: 'shared/none' }), {
      expiresIn: 60,
    });
    const got = await fetch(url);
    expect(got.status).toBe(404);
    const xml = await got.text();
    // No namespace on <Error>, as on S3: botocore (the AWS CLI) cannot read a namespaced one.
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<Error><Code>/);
    expect(xml).toContain('<Code>NoSuchKey</Code>');
    expect(xml).toContain('<Key>shared/none</Key>');
    expect(xml).toContain(`<Resource>/${Bucket}/shared/none</Resource>`);
    expect(xml).toMatch(/<RequestId>[^<]+<\/RequestId>/);
  });

  it('refuses a presigned URL whose signature was altered', async () => {
    const url = await getSignedUrl(t.s3, new GetObjectCommand({ Bucket, Key: 'shared/report.csv' }), {
      expiresIn: 60,
    });
    const tampered = url.replace(
      /X-Amz-Signature=([0-9a-f])/,
      (_m, c: string) => `X-Amz-Signature=${c === '0' ? '1' : '0'}`,
    );
    const got = await fetch(tampered);
    expect(got.status).toBe(403);
    expect(await got.text()).toContain('<Code>SignatureDoesNotMatch</Code>');
  });
});

describe('S3 addressing', () => {
  it('serves virtual-hosted requests (bucket.localhost) like path-style ones', async () => {
    const Key = 'vh/object.txt';
    await t.s3.send(new PutObjectCommand({ Bucket, Key, Body: 'virtual' }));
    const port = new URL(t.emulator.endpoint).port;
    // Same socket, virtual-hosted Host header: sign for that host so the front door accepts it.
    const vh = t.client({ endpoint: `http://localhost:${port}`, forcePathStyle: false });
    const vhUrl = await getSignedUrl(vh, new GetObjectCommand({ Bucket, Key }), { expiresIn: 60 });
    expect(new URL(vhUrl).host).toBe(`${Bucket}.localhost:${port}`);
    const body = await new Promise<string>((resolve, reject) => {
      const parsed = new URL(vhUrl);
      const req = request(
        { host: '127.0.0.1', port, path: parsed.pathname + parsed.search, headers: { host: parsed.host } },
        (res) => {
          let text = '';
          res.on('data', (chunk) => {
            text += chunk;
          });
          res.on('end', () => resolve(`${res.statusCode} ${text}`));
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(new URL(vhUrl).pathname).toBe(`/${Key}`);
    expect(body).toBe('200 virtual');
    vh.destroy();
  });
});
