import {
  CreateBucketCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  paginateListObjectsV2,
  type S3Client,
} from '@aws-sdk/client-s3';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signRequest } from '../../test-support/signed-fetch.ts';
import { type S3TestEmulator, startS3TestEmulator } from '../s3/test-support/s3-emulator.ts';

let t: S3TestEmulator;
beforeAll(async () => {
  t = await startS3TestEmulator();
});
afterAll(() => t.stop());

type Credentials = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };

/** SeedObjects as @cloudlab/aws-session sends it: a signed JSON 1.1 call to the `cloudlab` signing name. */
async function seed(input: unknown, credentials: Credentials = t.emulator.credentials) {
  const body = JSON.stringify(input);
  const headers = {
    'content-type': 'application/x-amz-json-1.1',
    'x-amz-target': 'CloudlabAdmin.SeedObjects',
  };
  const signed = await signRequest({
    endpoint: t.emulator.endpoint,
    service: 'cloudlab',
    credentials,
    headers,
    body,
  });
  const response = await fetch(t.emulator.endpoint, { method: 'POST', headers: signed.headers, body });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

async function allKeys(s3: S3Client, Bucket: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const page of paginateListObjectsV2({ client: s3 }, { Bucket }))
    for (const object of page.Contents ?? []) keys.push(object.Key!);
  return keys;
}

describe('SeedObjects (the admin service)', () => {
  it('stores every key in one call, each object as a PutObject of the same body would be', async () => {
    const Bucket = t.bucketName('seed');
    await t.s3.send(new CreateBucketCommand({ Bucket }));
    const keys = Array.from({ length: 2_500 }, (_, i) => `items/${String(i).padStart(5, '0')}.json`);
    const answer = await seed({ Bucket, Keys: keys, Body: '{"n":1}' });
    expect(answer).toEqual({ status: 200, json: { Bucket, Seeded: 2_500 } });
    expect(await allKeys(t.s3, Bucket)).toEqual(keys);

    await t.s3.send(new PutObjectCommand({ Bucket, Key: 'put.json', Body: '{"n":1}' }));
    const seeded = await t.s3.send(new HeadObjectCommand({ Bucket, Key: 'items/00042.json' }));
    const put = await t.s3.send(new HeadObjectCommand({ Bucket, Key: 'put.json' }));
    for (const member of ['ETag', 'ContentLength', 'ChecksumType'] as const)
      expect(seeded[member], member).toEqual(put[member]);
    // The SDK sends application/octet-stream with a text body; with no Content-Type S3 stores its own default.
    expect(seeded.ContentType).toBe('binary/octet-stream');
    const got = await t.s3.send(new GetObjectCommand({ Bucket, Key: 'items/02499.json' }));
    expect(await got.Body!.transformToString()).toBe('{"n":1}');
  });

  it("refuses another account's bucket as AccessDenied and stores nothing there", async () => {
    const Bucket = t.bucketName('theirs');
    await t.s3.send(new CreateBucketCommand({ Bucket }));
    const other = await t.emulator.createAccount();
    const answer = await seed({ Bucket, Keys: ['a.json'], Body: '{}' }, other);
    expect(answer.status).toBe(403);
    expect(answer.json.__type).toMatch(/AccessDenied$/);
    expect(await allKeys(t.s3, Bucket)).toEqual([]);
  });

  it('checks s3:PutObject key by key: one key the policy refuses stores none of them', async () => {
    const Bucket = t.bucketName('iam');
    await t.s3.send(new CreateBucketCommand({ Bucket }));
    const sts = new STSClient({
      endpoint: t.emulator.endpoint,
      region: t.emulator.region,
      credentials: t.emulator.credentials,
    });
    const { Account } = await sts.send(new GetCallerIdentityCommand({}));
    const roleArn = `arn:aws:iam::${Account}:role/seeder`;
    t.emulator.runtime.roles.setPolicies(roleArn, [
      {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 's3:PutObject', Resource: `arn:aws:s3:::${Bucket}/data/*` }],
      },
    ]);
    const { Credentials } = await sts.send(
      new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'seed-test' }),
    );
    sts.destroy();
    const role = {
      accessKeyId: Credentials!.AccessKeyId!,
      secretAccessKey: Credentials!.SecretAccessKey!,
      sessionToken: Credentials!.SessionToken!,
    };
    const refused = await seed({ Bucket, Keys: ['data/a.json', 'other/b.json'], Body: '{}' }, role);
    // Refused as the admin service's JSON protocol refuses: AccessDeniedException, HTTP 400.
    expect(refused.json.__type).toMatch(/AccessDenied/);
    expect(refused.json.message).toMatch(/s3:PutObject on resource: arn:aws:s3:::.*\/other\/b\.json/);
    expect(await allKeys(t.s3, Bucket)).toEqual([]);
    expect((await seed({ Bucket, Keys: ['data/a.json'], Body: '{}' }, role)).status).toBe(200);
    const listed = await t.s3.send(new ListObjectsV2Command({ Bucket }));
    expect(listed.Contents?.map((object) => object.Key)).toEqual(['data/a.json']);
  });

  it('answers NoSuchBucket for a bucket that does not exist', async () => {
    const answer = await seed({ Bucket: t.bucketName('missing'), Keys: ['a'], Body: '' });
    expect(answer.status).toBe(404);
    expect(answer.json.__type).toMatch(/NoSuchBucket$/);
  });

  it.each([
    ['no keys', { Keys: [], Body: '{}' }, /1 to 10000 non-empty object keys/],
    ['an empty key', { Keys: ['a', ''], Body: '{}' }, /non-empty object keys/],
    ['a key that is not text', { Keys: [1], Body: '{}' }, /non-empty object keys/],
    ['a body that is not text', { Keys: ['a'], Body: { n: 1 } }, /Body must be text/],
  ])('refuses %s as ValidationException, saying what it takes', async (_, input, message) => {
    const answer = await seed({ Bucket: 'any-bucket', ...input });
    expect(answer.status).toBe(400);
    expect(answer.json.__type).toMatch(/ValidationException$/);
    expect(answer.json.message).toMatch(message);
  });
});
