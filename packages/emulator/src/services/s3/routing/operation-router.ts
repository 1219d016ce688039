import { s3Errors } from '../protocol/s3-errors.ts';
import type { S3Address } from './addressing.ts';

/**
 * Sub-resources S3 has but the emulator does not serve: requests naming them answer NotImplemented
 * (501), as S3 itself does for functionality it lacks, instead of being mistaken for a plain GET/PUT.
 */
const UNSUPPORTED_SUBRESOURCES = [
  'accelerate',
  'acl',
  'analytics',
  'attributes',
  'cors',
  'encryption',
  'intelligent-tiering',
  'inventory',
  'legal-hold',
  'lifecycle',
  'logging',
  'metadataTable',
  'metrics',
  'notification',
  'object-lock',
  'ownershipControls',
  'policy',
  'policyStatus',
  'publicAccessBlock',
  'replication',
  'requestPayment',
  'restore',
  'retention',
  'torrent',
  'versioning',
  'versions',
  'website',
];

/** The operation a request names, from method, address and query sub-resource (ignoring the SDK's x-id). */
export function resolveOperation(
  method: string,
  address: S3Address,
  query: URLSearchParams,
  hasCopySource: boolean,
): string {
  const has = (name: string) => query.has(name);
  if (address.bucket === '') {
    if (method === 'GET') return 'ListBuckets';
    throw s3Errors.methodNotAllowed(method);
  }
  // Versioning is never enabled here, so reading its (empty) status is safe; changing it is not supported.
  if (method === 'GET' && address.key === '' && has('versioning')) return 'GetBucketVersioning';
  const unsupported = UNSUPPORTED_SUBRESOURCES.find(has);
  if (unsupported) throw s3Errors.notImplemented(`${method} ?${unsupported}`);

  if (address.key === '') {
    switch (method) {
      case 'PUT':
        return has('tagging') ? 'PutBucketTagging' : 'CreateBucket';
      case 'HEAD':
        return 'HeadBucket';
      case 'DELETE':
        return has('tagging') ? 'DeleteBucketTagging' : 'DeleteBucket';
      case 'POST':
        if (has('delete')) return 'DeleteObjects';
        throw s3Errors.notImplemented('POST Object (browser form uploads)');
      case 'GET':
        if (has('location')) return 'GetBucketLocation';
        if (has('tagging')) return 'GetBucketTagging';
        if (has('uploads')) return 'ListMultipartUploads';
        return query.get('list-type') === '2' ? 'ListObjectsV2' : 'ListObjects';
    }
    throw s3Errors.methodNotAllowed(method);
  }

  switch (method) {
    case 'PUT':
      if (has('uploadId')) return hasCopySource ? 'UploadPartCopy' : 'UploadPart';
      if (has('tagging')) return 'PutObjectTagging';
      return hasCopySource ? 'CopyObject' : 'PutObject';
    case 'GET':
      if (has('uploadId')) return 'ListParts';
      if (has('tagging')) return 'GetObjectTagging';
      return 'GetObject';
    case 'HEAD':
      return 'HeadObject';
    case 'DELETE':
      if (has('uploadId')) return 'AbortMultipartUpload';
      if (has('tagging')) return 'DeleteObjectTagging';
      return 'DeleteObject';
    case 'POST':
      if (has('uploads')) return 'CreateMultipartUpload';
      if (has('uploadId')) return 'CompleteMultipartUpload';
      if (has('select')) return 'SelectObjectContent';
      break;
  }
  throw s3Errors.methodNotAllowed(method);
}
