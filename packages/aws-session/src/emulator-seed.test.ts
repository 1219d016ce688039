import { CreateBucketCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { seedEmulatorObjects } from './emulator-seed.ts';
import { useEmulatorSession } from './test-support.ts';

const emulator = useEmulatorSession();

describe('seedEmulatorObjects on the embedded emulator', () => {
  it("stores the keys in the caller's bucket in one call", async () => {
    const s3 = emulator.session.client(S3Client, { forcePathStyle: true });
    const Bucket = `seed-${Date.now()}`;
    await s3.send(new CreateBucketCommand({ Bucket }));
    const caller = {
      endpoint: (await emulator.session.endpoint()) ?? '',
      region: emulator.session.region,
      credentials: (await emulator.session.credentials()).identity,
    };
    await seedEmulatorObjects(caller, Bucket, ['b.json', 'a.json', 'c/d.json'], '{}');
    const listed = await s3.send(new ListObjectsV2Command({ Bucket }));
    expect(listed.Contents?.map((object) => [object.Key, object.Size])).toEqual([
      ['a.json', 2],
      ['b.json', 2],
      ['c/d.json', 2],
    ]);
  });

  it('names the emulator code and says what to do when the bucket is missing', async () => {
    const caller = {
      endpoint: (await emulator.session.endpoint()) ?? '',
      region: emulator.session.region,
      credentials: (await emulator.session.credentials()).identity,
    };
    await expect(seedEmulatorObjects(caller, 'no-such-bucket-here', ['a'], '')).rejects.toThrow(
      /^NoSuchBucket: .*refused an object for no-such-bucket-here/,
    );
  });
});
