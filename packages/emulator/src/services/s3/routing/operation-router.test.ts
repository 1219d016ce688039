import { describe, expect, it } from 'vitest';
import { registryOf } from '../../../core/operation.ts';
import * as actions from '../actions/index.ts';
import { s3Router } from './operation-router.ts';

const route = s3Router(registryOf(actions).values());

function resolve(method: string, path: string, query = '', copySource = false): string {
  const [bucket = '', ...key] = path.replace(/^\//, '').split('/');
  const address = { bucket, key: key.join('/'), style: 'path' as const };
  try {
    return route(method, address, new URLSearchParams(query), copySource).name;
  } catch (error) {
    return `${(error as { code: string }).code}: ${(error as Error).message}`;
  }
}

describe('the S3 router built from the operations', () => {
  it.each([
    ['GET', '/', '', false, 'ListBuckets'],
    ['PUT', '/b', '', false, 'CreateBucket'],
    ['PUT', '/b', 'tagging', false, 'PutBucketTagging'],
    ['HEAD', '/b', '', false, 'HeadBucket'],
    ['DELETE', '/b', '', false, 'DeleteBucket'],
    ['DELETE', '/b', 'tagging', false, 'DeleteBucketTagging'],
    ['POST', '/b', 'delete', false, 'DeleteObjects'],
    ['GET', '/b', 'location', false, 'GetBucketLocation'],
    ['GET', '/b', 'tagging', false, 'GetBucketTagging'],
    ['GET', '/b', 'versioning', false, 'GetBucketVersioning'],
    ['GET', '/b', 'versioning&acl', false, 'GetBucketVersioning'],
    ['GET', '/b', 'uploads', false, 'ListMultipartUploads'],
    ['GET', '/b', 'list-type=2', false, 'ListObjectsV2'],
    ['GET', '/b', 'list-type=1', false, 'ListObjects'],
    ['GET', '/b', 'x-id=ListObjects', false, 'ListObjects'],
    ['PUT', '/b/k', '', false, 'PutObject'],
    ['PUT', '/b/k', '', true, 'CopyObject'],
    ['PUT', '/b/k', 'tagging', true, 'PutObjectTagging'],
    ['PUT', '/b/k', 'uploadId=u&partNumber=1', false, 'UploadPart'],
    ['PUT', '/b/k', 'uploadId=u&partNumber=1', true, 'UploadPartCopy'],
    ['GET', '/b/k', '', false, 'GetObject'],
    ['GET', '/b/k', 'uploadId=u', false, 'ListParts'],
    ['GET', '/b/k', 'uploadId=u&tagging', false, 'ListParts'],
    ['GET', '/b/k', 'tagging', false, 'GetObjectTagging'],
    ['HEAD', '/b/k', '', false, 'HeadObject'],
    ['DELETE', '/b/k', '', false, 'DeleteObject'],
    ['DELETE', '/b/k', 'uploadId=u', false, 'AbortMultipartUpload'],
    ['DELETE', '/b/k', 'tagging', false, 'DeleteObjectTagging'],
    ['POST', '/b/k', 'uploads', false, 'CreateMultipartUpload'],
    ['POST', '/b/k', 'uploads&uploadId=u', false, 'CreateMultipartUpload'],
    ['POST', '/b/k', 'uploadId=u', false, 'CompleteMultipartUpload'],
    ['POST', '/b/k', 'select&select-type=2', false, 'SelectObjectContent'],
  ])('%s %s?%s (copy source: %s) is %s', (method, path, query, copySource, expected) => {
    expect(resolve(method, path, query, copySource)).toBe(expected);
  });

  it.each([
    ['PUT', '/', '', 'MethodNotAllowed'],
    ['PUT', '/b', 'versioning', 'NotImplemented'],
    ['GET', '/b/k', 'versioning', 'NotImplemented'],
    ['GET', '/b/k', 'acl', 'NotImplemented'],
    ['PUT', '/b/k', 'uploadId=u&acl', 'NotImplemented'],
    ['POST', '/b', '', 'NotImplemented'],
    ['POST', '/b/k', '', 'MethodNotAllowed'],
    ['PATCH', '/b/k', '', 'MethodNotAllowed'],
    ['PATCH', '/b', '', 'MethodNotAllowed'],
  ])('%s %s?%s answers %s', (method, path, query, code) => {
    expect(resolve(method, path, query)).toMatch(new RegExp(`^${code}: `));
  });
});
