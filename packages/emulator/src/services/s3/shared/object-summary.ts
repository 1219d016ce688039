import type { ObjectRecord } from '../store/types.ts';
import { ownerOf, xmlTime } from './call-context.ts';

/** One `<Contents>` entry of ListObjects / ListObjectsV2. */
export function objectSummary(object: ObjectRecord, key: string, owner: string | undefined) {
  return {
    Key: key,
    LastModified: xmlTime(object.lastModified),
    ETag: object.etag,
    ChecksumAlgorithm: object.checksum?.algorithm,
    ChecksumType: object.checksum?.type,
    Size: object.size,
    Owner: owner === undefined ? undefined : ownerOf(owner),
    StorageClass: object.storageClass ?? 'STANDARD',
  };
}
