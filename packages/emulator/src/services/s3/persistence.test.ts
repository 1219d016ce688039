import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import {
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  PutObjectTaggingCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type S3TestEmulator, sdkError, startS3TestEmulator } from './test-support/s3-emulator.ts';

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

let parent: string;
let dataDir: string;
beforeAll(async () => {
  parent = await mkdtemp(join(tmpdir(), 'cloudlab-s3-'));
  dataDir = join(parent, 'data');
});
const children: ChildProcess[] = [];
afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await rm(parent, { recursive: true, force: true });
});

/** The emulator as its own process (so it can be SIGKILLed), and an S3 client for it. */
async function spawnEmulator(dir: string): Promise<{ child: ChildProcess; s3: S3Client }> {
  const main = join(import.meta.dirname, '..', '..', 'cli-main.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', main, '--data-dir', dir, '--json'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  const line = await new Promise<string>((done, fail) => {
    createInterface({ input: child.stdout! }).once('line', done);
    child.once('exit', (code) => fail(new Error(`emulator exited with ${code} before it was ready`)));
  });
  const c = JSON.parse(line) as {
    endpoint: string;
    region: string;
    accessKeyId: string;
    secretAccessKey: string;
  };
  const s3 = new S3Client({
    endpoint: c.endpoint,
    region: c.region,
    credentials: { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey },
    forcePathStyle: true,
    maxAttempts: 1,
  });
  return { child, s3 };
}

const ODD_KEYS = [
  '../escape.txt',
  '../../../../etc/passwd',
  '/leading-slash',
  'ünï/cödé 😀',
  'a/./b/../c',
  'k'.repeat(1024),
];

describe('S3 persistence with a data dir', () => {
  it('keeps buckets, objects, metadata and open uploads across a restart; odd keys never leave the data dir', async () => {
    let t: S3TestEmulator = await startS3TestEmulator({ dataDir });
    const Bucket = t.bucketName('persist');
    const big = randomBytes(3 * 1024 * 1024);
    await t.s3.send(new CreateBucketCommand({ Bucket }));
    await t.s3.send(
      new PutObjectCommand({
        Bucket,
        Key: 'big.bin',
        Body: big,
        ContentType: 'application/x-big',
        Metadata: { a: 'b' },
      }),
    );
    for (const Key of ODD_KEYS) await t.s3.send(new PutObjectCommand({ Bucket, Key, Body: `odd:${Key}` }));
    await t.s3.send(new PutObjectCommand({ Bucket, Key: 'replaced', Body: 'first' }));
    await t.s3.send(new PutObjectCommand({ Bucket, Key: 'replaced', Body: 'second' }));
    await t.s3.send(
      new PutObjectTaggingCommand({
        Bucket,
        Key: 'replaced',
        Tagging: { TagSet: [{ Key: 'kept', Value: 'yes' }] },
      }),
    );
    const { UploadId } = await t.s3.send(new CreateMultipartUploadCommand({ Bucket, Key: 'pending' }));
    await t.s3.send(new UploadPartCommand({ Bucket, Key: 'pending', UploadId, PartNumber: 1, Body: 'part' }));
    const credentials = t.emulator.credentials;
    await t.stop();

    const files = await filesUnder(parent);
    for (const file of files) expect(relative(dataDir, resolve(file)).startsWith('..')).toBe(false);
    // Bodies are named by random ids: no file name carries a key.
    expect(
      files.some((file) => file.includes('escape') || file.includes('passwd') || file.includes('kkkk')),
    ).toBe(false);

    t = await startS3TestEmulator({ dataDir });
    const s3 = t.client({ credentials });
    const got = await s3.send(new GetObjectCommand({ Bucket, Key: 'big.bin' }));
    expect(Buffer.from(await got.Body!.transformToByteArray()).equals(big)).toBe(true);
    expect(got).toMatchObject({ ContentType: 'application/x-big', Metadata: { a: 'b' } });
    for (const Key of ODD_KEYS) {
      const odd = await s3.send(new GetObjectCommand({ Bucket, Key }));
      expect(await odd.Body!.transformToString()).toBe(`odd:${Key}`);
    }
    const replaced = await s3.send(new GetObjectCommand({ Bucket, Key: 'replaced' }));
    expect(await replaced.Body!.transformToString()).toBe('second');
    const tags = await s3.send(new GetObjectTaggingCommand({ Bucket, Key: 'replaced' }));
    expect(tags.TagSet).toEqual([{ Key: 'kept', Value: 'yes' }]);
    const listed = await s3.send(new ListObjectsV2Command({ Bucket }));
    expect(listed.KeyCount).toBe(ODD_KEYS.length + 2);
    const uploads = await s3.send(new ListMultipartUploadsCommand({ Bucket }));
    expect(uploads.Uploads?.map((u) => u.UploadId)).toEqual([UploadId]);
    // One body per object plus the pending part: the overwritten body was freed.
    const blobs = (await filesUnder(join(dataDir, 's3', 'blobs'))).length;
    expect(blobs).toBe(ODD_KEYS.length + 2 + 1);
    s3.destroy();
    await t.stop();
  }, 60_000);

  it('frees every replaced body when writes to one key race (one file left, the winner)', async () => {
    const dir = join(parent, 'race');
    const t = await startS3TestEmulator({ dataDir: dir });
    const Bucket = t.bucketName('race');
    await t.s3.send(new CreateBucketCommand({ Bucket }));
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        t.s3.send(new PutObjectCommand({ Bucket, Key: 'hot', Body: `v${i}` })),
      ),
    );
    const winner = await (
      await t.s3.send(new GetObjectCommand({ Bucket, Key: 'hot' }))
    ).Body!.transformToString();
    expect(winner).toMatch(/^v\d+$/);
    expect(await filesUnder(join(dir, 's3', 'blobs'))).toHaveLength(1);
    await t.stop();
  });

  it('keeps in-memory emulators apart from each other and from disk', async () => {
    const a = await startS3TestEmulator();
    const b = await startS3TestEmulator();
    const Bucket = a.bucketName('mem');
    await a.s3.send(new CreateBucketCommand({ Bucket }));
    expect(await sdkError(() => b.s3.send(new ListObjectsV2Command({ Bucket })))).toMatchObject({
      name: 'NoSuchBucket',
    });
    await a.stop();
    await b.stop();
  });

  it('loses no acknowledged PutObject when the process is SIGKILLed mid-upload', async () => {
    const dir = join(parent, 'killed');
    const first = await spawnEmulator(dir);
    const Bucket = 'cl-crash';
    await first.s3.send(new CreateBucketCommand({ Bucket }));
    const acknowledged = new Map<string, string>();
    let next = 0;
    let killed = false;
    const writer = async () => {
      while (!killed) {
        const Key = `obj-${next++}`;
        const body = `${Key}:`.padEnd(64 * 1024, Key);
        try {
          await first.s3.send(new PutObjectCommand({ Bucket, Key, Body: body }));
          if (!killed) acknowledged.set(Key, body);
        } catch {
          return;
        }
      }
    };
    const writers = Array.from({ length: 4 }, writer);
    while (acknowledged.size < 30) await new Promise((done) => setTimeout(done, 20));
    killed = true;
    first.child.kill('SIGKILL');
    await Promise.allSettled(writers);
    first.s3.destroy();

    const second = await spawnEmulator(dir);
    for (const [Key, body] of acknowledged) {
      const got = await second.s3.send(new GetObjectCommand({ Bucket, Key }));
      expect(await got.Body!.transformToString()).toBe(body);
    }
    // Whatever else survived is whole: every listed object reads back in full.
    const { Contents = [] } = await second.s3.send(new ListObjectsV2Command({ Bucket }));
    for (const object of Contents) expect(object.Size).toBe(64 * 1024);
    second.s3.destroy();
    second.child.kill('SIGTERM');
  }, 60_000);
});
