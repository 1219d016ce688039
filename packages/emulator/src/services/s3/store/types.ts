import type { Readable } from 'node:stream';
import type { ChecksumAlgorithm } from '../payload/checksums.ts';

export interface Tag {
  Key: string;
  Value: string;
}

export type ChecksumType = 'FULL_OBJECT' | 'COMPOSITE';

export interface StoredChecksum {
  algorithm: ChecksumAlgorithm;
  /** Base64, as on the wire; composite checksums end in `-N`. */
  value: string;
  type: ChecksumType;
}

/** What PutObject / CreateMultipartUpload / CopyObject(REPLACE) set and GetObject / HeadObject return. */
export interface ObjectAttributes {
  contentType: string;
  cacheControl?: string;
  contentDisposition?: string;
  contentEncoding?: string;
  contentLanguage?: string;
  expires?: string;
  /** x-amz-meta-* without the prefix, names lower-cased (as S3 stores them). */
  metadata: Record<string, string>;
  tags: Tag[];
  storageClass?: string;
}

export interface ObjectRecord extends ObjectAttributes {
  key: string;
  /** The body's id in the blob store (never derived from the key). */
  blob: string;
  size: number;
  /** Quoted, as S3 returns it: `"<md5 hex>"` or `"<md5 of md5s>-N"`. */
  etag: string;
  /** ISO 8601. */
  lastModified: string;
  checksum?: StoredChecksum;
  partsCount?: number;
}

export interface BucketRecord {
  name: string;
  /** The 12-digit account that owns it: bucket names are global, contents are the owner's. */
  owner: string;
  region: string;
  /** ISO 8601. */
  creationDate: string;
  tags?: Tag[];
}

export interface PartRecord {
  partNumber: number;
  blob: string;
  size: number;
  etag: string;
  lastModified: string;
  checksumAlgorithm?: ChecksumAlgorithm;
  /** Base64, in checksumAlgorithm. */
  checksum?: string;
}

export interface UploadRecord extends ObjectAttributes {
  uploadId: string;
  bucket: string;
  key: string;
  initiated: string;
  owner: string;
  initiatorArn: string;
  checksumAlgorithm?: ChecksumAlgorithm;
  checksumType?: ChecksumType;
}

/** An inclusive byte range. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * What GetObject resolves to, and what the S3 Select hook receives: the object's record plus a way to
 * read its body (whole or a byte range) and, for disk-backed stores, the file that holds it.
 */
export interface S3ObjectHandle {
  bucket: string;
  key: string;
  size: number;
  etag: string;
  lastModified: Date;
  contentType: string;
  metadata: Record<string, string>;
  record: ObjectRecord;
  /** Opens a fresh read stream over the body (or the inclusive byte range). */
  openReadStream(range?: ByteRange): Readable;
  /** The body's file when the emulator stores data on disk (random access for Parquet); else undefined. */
  filePath?: string;
}
