import { expect, it } from 'vitest';
import { startEmulator } from '../../index.ts';
import { signedFetch } from '../../test-support/signed-fetch.ts';

/**
 * Bad input as a script or the AWS CLI with odd arguments sends it: broken and hostile XML bodies for every
 * operation that reads one, and out-of-range or garbage query parameters and headers. Each answer must be
 * S3's own error, never the emulator's 500 (501 NotImplemented is S3's answer for what it does not serve).
 */
it('answers broken XML bodies, garbage parameters and headers with S3 errors, never a 500', async () => {
  const emulator = await startEmulator({ log: () => {} });
  const send = (
    method: string,
    path: string,
    query: Record<string, string> = {},
    headers: Record<string, string> = {},
    body?: string,
  ) =>
    signedFetch({
      endpoint: emulator.endpoint,
      service: 's3',
      credentials: emulator.credentials,
      method,
      path,
      query,
      headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD', ...headers },
      ...(body !== undefined ? { body } : {}),
    });
  await send('PUT', '/hostile');
  await send('PUT', '/hostile/k', {}, {}, 'hello');
  const up = await (await send('POST', '/hostile/m', { uploads: '' })).text();
  const uploadId = /<UploadId>([^<]+)/.exec(up)?.[1] ?? 'x';
  const xmls = [
    '',
    '<',
    '<a>',
    '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "e">]><x>&e;</x>',
    '<CompleteMultipartUpload><Part><PartNumber>abc</PartNumber><ETag>"x"</ETag></Part></CompleteMultipartUpload>',
    '<CompleteMultipartUpload><Part/></CompleteMultipartUpload>',
    '<CompleteMultipartUpload></CompleteMultipartUpload>',
    '<Delete><Object/></Delete>',
    '<Delete><Object><Key></Key></Object></Delete>',
    '<Delete>' + '<Object><Key>a</Key></Object>'.repeat(1001) + '</Delete>',
    '<Tagging><TagSet><Tag><Key/></Tag></TagSet></Tagging>',
    '<Tagging><TagSet><Tag/></TagSet></Tagging>',
    '<Tagging/>',
    '<CreateBucketConfiguration><LocationConstraint>mars-1</LocationConstraint></CreateBucketConfiguration>',
    '<CreateBucketConfiguration><LocationConstraint><x/></LocationConstraint></CreateBucketConfiguration>',
    '<SelectObjectContentRequest/>',
    '<SelectObjectContentRequest><Expression>SELECT</Expression><ExpressionType>SQL</ExpressionType><InputSerialization/><OutputSerialization/></SelectObjectContentRequest>',
    '<SelectObjectContentRequest><Expression>SELECT * FROM S3Object</Expression><ExpressionType>SQL</ExpressionType><InputSerialization><CSV/></InputSerialization><OutputSerialization><JSON/></OutputSerialization><ScanRange><Start>-5</Start><End>abc</End></ScanRange></SelectObjectContentRequest>',
  ];
  const requests: [string, string, Record<string, string>, Record<string, string>?, string?][] = [];
  for (const body of xmls) {
    requests.push(['POST', '/hostile/m', { uploadId }, {}, body]);
    requests.push(['POST', '/hostile', { delete: '' }, {}, body]);
    requests.push(['PUT', '/hostile', { tagging: '' }, {}, body]);
    requests.push(['PUT', '/hostile/k', { tagging: '' }, {}, body]);
    requests.push(['PUT', '/hostile2', {}, {}, body]);
    requests.push(['POST', '/hostile/k', { select: '', 'select-type': '2' }, {}, body]);
  }
  for (const v of ['-1', 'abc', '1e9', '', '0', '99999999999999999999']) {
    requests.push(['GET', '/hostile', { 'list-type': '2', 'max-keys': v }]);
    requests.push(['GET', '/hostile', { 'max-keys': v }]);
    requests.push(['GET', '/hostile', { 'list-type': '2', 'continuation-token': v }]);
    requests.push(['PUT', '/hostile/m', { uploadId, partNumber: v }, {}, 'x']);
    requests.push(['GET', '/hostile/m', { uploadId, 'max-parts': v }]);
    requests.push(['GET', '/hostile/m', { uploadId, 'part-number-marker': v }]);
    requests.push(['GET', '/hostile/k', { partNumber: v }]);
    requests.push(['GET', '/hostile/k', {}, { range: `bytes=${v}` }]);
    requests.push(['GET', '/hostile/k', {}, { 'if-modified-since': v }]);
    requests.push(['GET', '/hostile/k', {}, { 'if-match': v }]);
    requests.push(['PUT', '/hostile/c', {}, { 'x-amz-copy-source': v }]);
    requests.push([
      'PUT',
      '/hostile/c',
      {},
      { 'x-amz-copy-source': `/hostile/k`, 'x-amz-copy-source-range': `bytes=${v}` },
    ]);
    requests.push([
      'PUT',
      '/hostile/c',
      {},
      { 'x-amz-copy-source': `/hostile/k`, 'x-amz-metadata-directive': v },
    ]);
    requests.push(['PUT', '/hostile/k2', {}, { 'x-amz-checksum-crc32': v }, 'x']);
    requests.push(['PUT', '/hostile/k2', {}, { 'x-amz-sdk-checksum-algorithm': v }, 'x']);
    requests.push(['PUT', '/hostile/k2', {}, { 'content-md5': v }, 'x']);
    requests.push(['PUT', '/hostile/k2', {}, { 'x-amz-tagging': v }, 'x']);
    requests.push(['PUT', '/hostile/k2', {}, { 'x-amz-storage-class': v }, 'x']);
    requests.push(['GET', '/hostile/k', { versionId: v }]);
    requests.push(['GET', '/hostile', { versions: '', 'max-keys': v }]);
    requests.push(['GET', '/hostile', { uploads: '', 'max-uploads': v }]);
    requests.push(['GET', '/', { 'max-buckets': v }]);
  }
  const failures: string[] = [];
  for (const [method, path, query, headers, body] of requests) {
    const res = await send(method, path, query, headers, body);
    const text = await res.text();
    const servedError =
      res.status < 500 || (res.status === 501 && text.includes('<Code>NotImplemented</Code>'));
    if (!servedError)
      failures.push(
        `${method} ${path} ${JSON.stringify(query)} ${JSON.stringify(headers)} ${body?.slice(0, 60)} → ${res.status} ${text.slice(0, 150)}`,
      );
  }
  await emulator.stop();
  expect(requests.length).toBe(240);
  expect(failures).toEqual([]);
}, 120_000);
