import type { _Object, ObjectStorageClass } from '@aws-sdk/client-s3';
import type { ObjectRecord } from '../store/types.ts';
import { ownerOf } from './owner.ts';

/** One `Contents` entry of ListObjects / ListObjectsV2. */
export function objectSummary(object: ObjectRecord, key: string, owner: string | undefined): _Object {
  return {
    Key: key,
    LastModified: new Date(object.lastModified),
    ETag: object.etag,
    ChecksumAlgorithm: object.checksum ? [object.checksum.algorithm] : undefined,
    ChecksumType: object.checksum?.type,
    Size: object.size,
    Owner: owner === undefined ? undefined : ownerOf(owner),
    StorageClass: (object.storageClass ?? 'STANDARD') as ObjectStorageClass,
  };
}
