import type { RequestContext } from '../../core/types.ts';
import { createHasher } from './payload/checksums.ts';
import { assertValidKey } from './shared/object-key.ts';
import { nowIso } from './shared/request-time.ts';
import type { S3Store } from './store/s3-store.ts';

/**
 * Stores `body` under every key of `keys` in one go, each object exactly as a PutObject of that body with no
 * other member stores it (S3's default content type, CRC64NVME computed), after PutObject's checks for every
 * key: the caller's account owns the bucket, its policies allow s3:PutObject on the key, the key fits. These
 * checks all come first, so a refused key stores nothing; the store's size limits (accountLimits.objectBytes)
 * can still stop it part-way, as they stop a run of PutObject calls, and the keys stored so far stay. A test's fixture of 2,500 objects costs one request
 * instead of 2,500 (each signed, relayed and stored): most of what lab 02 cost a batch per learner.
 */
export async function seedObjects(
  store: S3Store,
  ctx: RequestContext,
  bucketName: string,
  keys: readonly string[],
  body: Buffer,
): Promise<void> {
  const bucket = store.bucketFor(ctx.principal.accountId, bucketName);
  for (const key of keys) {
    assertValidKey(key);
    ctx.runtime.authorize(ctx, 's3:PutObject', `arn:aws:s3:::${bucketName}/${key}`);
  }
  const md5 = createHasher('MD5');
  const crc = createHasher('CRC64NVME');
  md5.update(body);
  crc.update(body);
  const etag = `"${(await md5.digest()).toString('hex')}"`;
  const checksum = { algorithm: 'CRC64NVME' as const, value: (await crc.digest()).toString('base64') };
  const lastModified = nowIso(ctx);
  for (const key of keys) {
    // A blob per object, as PutObject makes: deleting one object frees its own body only.
    const blob = await store.blobs.write(body, ctx.principal.accountId);
    await store.putObject(bucket, {
      key,
      blob: blob.id,
      size: blob.size,
      etag,
      lastModified,
      contentType: 'binary/octet-stream',
      metadata: {},
      tags: [],
      checksum: { ...checksum, type: 'FULL_OBJECT' },
    });
  }
}
