import { isIP } from 'node:net';

/** Where a request points: the whole service, a bucket, or an object. */
export interface S3Address {
  /** '' for service-level requests (ListBuckets). */
  bucket: string;
  /** '' for bucket-level requests. */
  key: string;
  style: 'path' | 'virtual-hosted';
}

/** Host suffixes that carry the bucket name in front of them, most specific first. */
const VIRTUAL_HOST_SUFFIXES = ['.s3.localhost', '.localhost'];

function bucketFromHost(host: string): string | undefined {
  const name = host.replace(/:\d+$/, '').toLowerCase();
  if (name === '' || isIP(name.replace(/^\[|\]$/g, '')) !== 0) return undefined;
  for (const suffix of VIRTUAL_HOST_SUFFIXES) {
    if (name.endsWith(suffix)) {
      const bucket = name.slice(0, -suffix.length);
      return bucket === '' || bucket === 's3' ? undefined : bucket;
    }
  }
  return undefined;
}

/**
 * Resolves S3's two addressing styles: path-style `http://127.0.0.1:PORT/bucket/key` and virtual-hosted
 * `http://bucket.localhost:PORT/key` or `http://bucket.s3.localhost:PORT/key`
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/VirtualHosting.html).
 * `rawPath` is the request path still percent-encoded, so an encoded `/` inside a key survives.
 */
export function resolveAddress(host: string | undefined, rawPath: string): S3Address {
  const path = rawPath.split('?')[0] ?? '';
  const hostBucket = bucketFromHost(host ?? '');
  if (hostBucket !== undefined) {
    return { bucket: hostBucket, key: decodePath(path.replace(/^\//, '')), style: 'virtual-hosted' };
  }
  const trimmed = path.replace(/^\//, '');
  const slash = trimmed.indexOf('/');
  if (slash === -1) return { bucket: decodePath(trimmed), key: '', style: 'path' };
  return {
    bucket: decodePath(trimmed.slice(0, slash)),
    key: decodePath(trimmed.slice(slash + 1)),
    style: 'path',
  };
}

function decodePath(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
