import { Journal } from '../../../core/journal.ts';
import { s3Errors } from '../protocol/s3-errors.ts';
import type { BlobStore } from './blob-store.ts';
import { DiskBlobStore } from './disk-blob-store.ts';
import { compareKeys } from './key-order.ts';
import { MemoryBlobStore } from './memory-blob-store.ts';
import type { BucketRecord, ObjectRecord, PartRecord, S3ObjectHandle, Tag, UploadRecord } from './types.ts';

export interface UploadState {
  record: UploadRecord;
  parts: Map<number, PartRecord>;
}

export interface BucketState {
  record: BucketRecord;
  objects: Map<string, ObjectRecord>;
  uploads: Map<string, UploadState>;
  /** Keys in S3's listing order, rebuilt lazily after a key is added or removed. */
  sortedKeys?: string[];
}

/** One metadata change; the journal is a list of these, replayed on start. */
type StoreEntry =
  | { type: 'bucket'; bucket: BucketRecord }
  | { type: 'bucket-deleted'; name: string }
  | { type: 'object'; bucket: string; object: ObjectRecord }
  | { type: 'object-deleted'; bucket: string; key: string }
  | { type: 'object-tags'; bucket: string; key: string; tags: Tag[] }
  | { type: 'upload'; upload: UploadRecord }
  | { type: 'part'; bucket: string; uploadId: string; part: PartRecord }
  | { type: 'upload-ended'; bucket: string; uploadId: string };

function apply(buckets: Map<string, BucketState>, entry: StoreEntry): void {
  switch (entry.type) {
    case 'bucket': {
      const existing = buckets.get(entry.bucket.name);
      if (existing) existing.record = entry.bucket;
      else buckets.set(entry.bucket.name, { record: entry.bucket, objects: new Map(), uploads: new Map() });
      return;
    }
    case 'bucket-deleted':
      buckets.delete(entry.name);
      return;
    case 'object': {
      const bucket = buckets.get(entry.bucket);
      if (!bucket) return;
      if (!bucket.objects.has(entry.object.key)) bucket.sortedKeys = undefined;
      bucket.objects.set(entry.object.key, entry.object);
      return;
    }
    case 'object-deleted': {
      const bucket = buckets.get(entry.bucket);
      if (bucket?.objects.delete(entry.key)) bucket.sortedKeys = undefined;
      return;
    }
    case 'object-tags': {
      const bucket = buckets.get(entry.bucket);
      const current = bucket?.objects.get(entry.key);
      if (bucket && current) bucket.objects.set(entry.key, { ...current, tags: entry.tags });
      return;
    }
    case 'upload':
      buckets
        .get(entry.upload.bucket)
        ?.uploads.set(entry.upload.uploadId, { record: entry.upload, parts: new Map() });
      return;
    case 'part':
      buckets.get(entry.bucket)?.uploads.get(entry.uploadId)?.parts.set(entry.part.partNumber, entry.part);
      return;
    case 'upload-ended':
      buckets.get(entry.bucket)?.uploads.delete(entry.uploadId);
      return;
  }
}

function snapshot(buckets: Map<string, BucketState>): StoreEntry[] {
  const entries: StoreEntry[] = [];
  for (const bucket of buckets.values()) {
    entries.push({ type: 'bucket', bucket: bucket.record });
    for (const object of bucket.objects.values())
      entries.push({ type: 'object', bucket: bucket.record.name, object });
    for (const upload of bucket.uploads.values()) {
      entries.push({ type: 'upload', upload: upload.record });
      for (const part of upload.parts.values()) {
        entries.push({ type: 'part', bucket: bucket.record.name, uploadId: upload.record.uploadId, part });
      }
    }
  }
  return entries;
}

function replay(entries: StoreEntry[]): Map<string, BucketState> {
  const buckets = new Map<string, BucketState>();
  for (const entry of entries) apply(buckets, entry);
  return buckets;
}

/**
 * S3's state: buckets (one global namespace, each owned by an account), their objects and multipart
 * uploads. Metadata changes go through the core journal when a data dir is set (on disk before the
 * response), bodies through a BlobStore (memory or disk).
 */
export class S3Store {
  private constructor(
    private readonly buckets: Map<string, BucketState>,
    readonly blobs: BlobStore,
    private readonly journal: Journal<StoreEntry> | undefined,
  ) {}

  /** `objectBytesPerAccount`: each account's share of the in-memory store (EmulatorOptions.accountLimits). */
  static async open(dataDir: string | undefined, objectBytesPerAccount?: number): Promise<S3Store> {
    if (!dataDir) {
      return new S3Store(new Map(), new MemoryBlobStore(undefined, objectBytesPerAccount), undefined);
    }
    const journal = Journal.open<StoreEntry>(dataDir, (entries) => snapshot(replay(entries)));
    const buckets = replay(journal.entries);
    const blobs = new DiskBlobStore(dataDir);
    const store = new S3Store(buckets, blobs, journal);
    await blobs.sweep(store.referencedBlobs());
    return store;
  }

  close(): void {
    this.journal?.close();
  }

  /**
   * Journals `entry` (durable before it is visible), then applies it. `replaced` reads what the entry
   * replaces in the same tick as the apply, so two racing writes to one key never both free one body
   * and leak the other.
   */
  private async record<T>(entry: StoreEntry, replaced?: () => T): Promise<T | undefined> {
    await this.journal?.append(entry);
    const previous = replaced?.();
    apply(this.buckets, entry);
    return previous;
  }

  private referencedBlobs(): Set<string> {
    const ids = new Set<string>();
    for (const bucket of this.buckets.values()) {
      for (const object of bucket.objects.values()) ids.add(object.blob);
      for (const upload of bucket.uploads.values())
        for (const part of upload.parts.values()) ids.add(part.blob);
    }
    return ids;
  }

  // Buckets

  listBuckets(accountId: string): BucketRecord[] {
    return [...this.buckets.values()]
      .filter((bucket) => bucket.record.owner === accountId)
      .map((bucket) => bucket.record)
      .sort((a, b) => compareKeys(a.name, b.name));
  }

  /** Who owns a bucket name, if anyone (bucket names are global across accounts, as on AWS). */
  findBucket(name: string): BucketState | undefined {
    return this.buckets.get(name);
  }

  /** The caller's bucket; another account's bucket answers AccessDenied, as S3 does without a bucket policy. */
  bucketFor(accountId: string, name: string): BucketState {
    const bucket = this.buckets.get(name);
    if (!bucket) throw s3Errors.noSuchBucket(name);
    if (bucket.record.owner !== accountId) throw s3Errors.accessDenied();
    return bucket;
  }

  async createBucket(record: BucketRecord): Promise<void> {
    await this.record({ type: 'bucket', bucket: record });
  }

  async deleteBucket(bucket: BucketState): Promise<void> {
    const parts = await this.record({ type: 'bucket-deleted', name: bucket.record.name }, () =>
      [...bucket.uploads.values()].flatMap((upload) => [...upload.parts.values()]),
    );
    await Promise.all((parts ?? []).map((part) => this.blobs.remove(part.blob)));
  }

  /** Deletes every bucket the account owns, full or not, and frees the bodies of their objects and parts. */
  async deleteAccount(accountId: string): Promise<void> {
    for (const bucket of [...this.buckets.values()]) {
      if (bucket.record.owner !== accountId) continue;
      const blobs = await this.record({ type: 'bucket-deleted', name: bucket.record.name }, () => [
        ...[...bucket.objects.values()].map((object) => object.blob),
        ...[...bucket.uploads.values()].flatMap((upload) =>
          [...upload.parts.values()].map((part) => part.blob),
        ),
      ]);
      await Promise.all((blobs ?? []).map((blob) => this.blobs.remove(blob)));
    }
  }

  async setBucketTags(bucket: BucketState, tags: Tag[] | undefined): Promise<void> {
    const { tags: _old, ...rest } = bucket.record;
    await this.record({ type: 'bucket', bucket: tags ? { ...rest, tags } : rest });
  }

  // Objects

  keysInOrder(bucket: BucketState): string[] {
    bucket.sortedKeys ??= [...bucket.objects.keys()].sort(compareKeys);
    return bucket.sortedKeys;
  }

  /** Makes `object` the current version of its key, then frees the body it replaced. */
  async putObject(bucket: BucketState, object: ObjectRecord): Promise<void> {
    const previous = await this.record({ type: 'object', bucket: bucket.record.name, object }, () =>
      bucket.objects.get(object.key),
    );
    // Every object owns its blob (copies stream into a new one), so the replaced body is free to go.
    if (previous && previous.blob !== object.blob) await this.blobs.remove(previous.blob);
  }

  async deleteObject(bucket: BucketState, key: string): Promise<void> {
    if (!bucket.objects.has(key)) return;
    const previous = await this.record({ type: 'object-deleted', bucket: bucket.record.name, key }, () =>
      bucket.objects.get(key),
    );
    if (previous) await this.blobs.remove(previous.blob);
  }

  /** Replaces the tags of whatever version of the key is current when the change applies. */
  async setObjectTags(bucket: BucketState, key: string, tags: Tag[]): Promise<void> {
    await this.record({ type: 'object-tags', bucket: bucket.record.name, key, tags });
  }

  handle(bucket: BucketState, object: ObjectRecord): S3ObjectHandle {
    const blobs = this.blobs;
    return {
      bucket: bucket.record.name,
      key: object.key,
      size: object.size,
      etag: object.etag,
      lastModified: new Date(object.lastModified),
      contentType: object.contentType,
      metadata: object.metadata,
      record: object,
      openReadStream: (range) => blobs.read(object.blob, range),
      filePath: blobs.filePath(object.blob),
    };
  }

  // Multipart uploads

  async createUpload(upload: UploadRecord): Promise<void> {
    await this.record({ type: 'upload', upload });
  }

  uploadFor(bucket: BucketState, key: string, uploadId: string): UploadState {
    const upload = bucket.uploads.get(uploadId);
    if (!upload || upload.record.key !== key) throw s3Errors.noSuchUpload(uploadId);
    return upload;
  }

  async putPart(upload: UploadState, part: PartRecord): Promise<void> {
    const entry: StoreEntry = {
      type: 'part',
      bucket: upload.record.bucket,
      uploadId: upload.record.uploadId,
      part,
    };
    const previous = await this.record(entry, () => upload.parts.get(part.partNumber));
    if (previous) await this.blobs.remove(previous.blob);
  }

  /** Ends an upload (completed or aborted) and frees every part body. */
  async endUpload(upload: UploadState): Promise<void> {
    const entry: StoreEntry = {
      type: 'upload-ended',
      bucket: upload.record.bucket,
      uploadId: upload.record.uploadId,
    };
    const parts = await this.record(entry, () => [...upload.parts.values()]);
    await Promise.all((parts ?? []).map((part) => this.blobs.remove(part.blob)));
  }
}
