import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CloudFormationClient,
  CreateStackCommand,
  DescribeStacksCommand,
} from '@aws-sdk/client-cloudformation';
import { CreateFunctionCommand, InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import {
  CreateBucketCommand,
  GetObjectCommand,
  ListBucketsCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { GetParameterCommand, GetParametersByPathCommand, PutParameterCommand } from '@aws-sdk/client-ssm';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { strToU8, zipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import type { MemoryBlobStore } from './services/s3/store/memory-blob-store.ts';
import { S3Store } from './services/s3/store/s3-store.ts';
import { type RunningEmulator, startEmulator } from './start-emulator.ts';
import { clientsFor } from './test-support/clients.ts';

interface Keys {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

const running: RunningEmulator[] = [];
afterEach(async () => {
  for (const emulator of running.splice(0)) await emulator.stop();
});

function clients(emulator: RunningEmulator, credentials: Keys) {
  const config = { endpoint: emulator.endpoint, region: emulator.region, credentials, maxAttempts: 1 };
  return {
    ...clientsFor(emulator, credentials),
    s3: new S3Client({ ...config, forcePathStyle: true }),
    cfn: new CloudFormationClient(config),
  };
}

const ROLE_STACK = JSON.stringify({
  Resources: { Reader: { Type: 'AWS::IAM::Role', Properties: { RoleName: 'reader' } } },
});

/** A learner's footprint: a bucket with objects, parameters, a stack that created a role. */
async function seed(emulator: RunningEmulator, keys: Keys, bucket: string) {
  const c = clients(emulator, keys);
  await c.s3.send(new CreateBucketCommand({ Bucket: bucket }));
  for (const key of ['a.txt', 'b.txt', 'c.txt']) {
    await c.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: `${bucket}/${key}` }));
  }
  for (const name of ['/app/one', '/app/two']) {
    await c.ssm.send(new PutParameterCommand({ Name: name, Value: bucket, Type: 'String' }));
  }
  await c.cfn.send(
    new CreateStackCommand({
      StackName: 'roles',
      TemplateBody: ROLE_STACK,
      Capabilities: ['CAPABILITY_NAMED_IAM'],
    }),
  );
  return c;
}

const errorName = (promise: Promise<unknown>) =>
  promise.then(
    () => 'no error',
    (error: Error) => error.name,
  );

describe('deleteAccount', () => {
  it("refuses the account's keys afterwards, temporary ones included, and leaves other accounts alone", async () => {
    const emulator = await startEmulator();
    running.push(emulator);
    const learner = await emulator.createAccount();
    const other = await emulator.createAccount();
    const gone = await seed(emulator, learner, 'learner-bucket');
    const kept = await seed(emulator, other, 'other-bucket');
    const assumed = await gone.sts.send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${learner.accountId}:role/reader`,
        RoleSessionName: 'grader',
      }),
    );
    const session = clients(emulator, {
      accessKeyId: assumed.Credentials!.AccessKeyId!,
      secretAccessKey: assumed.Credentials!.SecretAccessKey!,
      sessionToken: assumed.Credentials!.SessionToken!,
    });

    await emulator.deleteAccount(learner.accessKeyId);

    expect(await errorName(gone.sts.send(new GetCallerIdentityCommand({})))).toBe('InvalidClientTokenId');
    expect(await errorName(session.sts.send(new GetCallerIdentityCommand({})))).toBe('InvalidClientTokenId');
    expect(await errorName(gone.s3.send(new ListBucketsCommand({})))).toBe('InvalidAccessKeyId');
    expect(await errorName(gone.ssm.send(new GetParameterCommand({ Name: '/app/one' })))).toBe(
      'UnrecognizedClientException',
    );

    const body = await kept.s3.send(new GetObjectCommand({ Bucket: 'other-bucket', Key: 'b.txt' }));
    expect(await body.Body?.transformToString()).toBe('other-bucket/b.txt');
    const params = await kept.ssm.send(new GetParametersByPathCommand({ Path: '/app' }));
    expect(params.Parameters?.map((p) => p.Value)).toEqual(['other-bucket', 'other-bucket']);
    const stacks = await kept.cfn.send(new DescribeStacksCommand({}));
    expect(stacks.Stacks?.map((s) => s.StackName)).toEqual(['roles']);
    expect(emulator.runtime.roles.policiesOf(`arn:aws:iam::${other.accountId}:role/reader`)).toEqual([]);
    expect(
      emulator.runtime.roles.policiesOf(`arn:aws:iam::${learner.accountId}:role/reader`),
    ).toBeUndefined();
  });

  it('frees the bucket names of the account (buckets are global): another account can create them', async () => {
    const emulator = await startEmulator();
    running.push(emulator);
    const learner = await emulator.createAccount();
    await seed(emulator, learner, 'shared-name');
    await emulator.deleteAccount(learner.accessKeyId);

    const next = clients(emulator, await emulator.createAccount());
    await next.s3.send(new CreateBucketCommand({ Bucket: 'shared-name' }));
    expect(await errorName(next.s3.send(new GetObjectCommand({ Bucket: 'shared-name', Key: 'a.txt' })))).toBe(
      'NoSuchKey',
    );
  });

  it('stops a running invocation of its functions, which answers as a runtime exit', async () => {
    const emulator = await startEmulator();
    running.push(emulator);
    const learner = await emulator.createAccount();
    const lambda = new LambdaClient({
      endpoint: emulator.endpoint,
      region: emulator.region,
      credentials: learner,
      maxAttempts: 1,
    });
    await lambda.send(
      new CreateFunctionCommand({
        FunctionName: 'forever',
        Runtime: 'nodejs22.x',
        Role: `arn:aws:iam::${learner.accountId}:role/fn`,
        Handler: 'app.handler',
        Timeout: 60,
        Code: {
          ZipFile: zipSync({ 'app.mjs': strToU8('export const handler = () => new Promise(() => {});') }),
        },
      }),
    );
    const invocation = lambda.send(new InvokeCommand({ FunctionName: 'forever' }));
    // Until the Invoke request reaches the emulator (the process may still be starting: it is stopped all the same).
    await new Promise((done) => setTimeout(done, 500));
    await emulator.deleteAccount(learner.accessKeyId);
    const result = await invocation;
    expect(result.FunctionError).toBe('Unhandled');
    expect(JSON.parse(Buffer.from(result.Payload!).toString('utf8')).errorType).toBe('Runtime.ExitError');
  });

  it('refuses an unknown or temporary key, and any key with a data dir', async () => {
    const emulator = await startEmulator();
    running.push(emulator);
    await expect(emulator.deleteAccount('AKIANOTAKEY')).rejects.toThrow(/not a long-term access key/);

    const dataDir = mkdtempSync(join(tmpdir(), 'cloudlab-delete-account-'));
    try {
      const persisted = await startEmulator({ dataDir });
      running.push(persisted);
      await expect(persisted.deleteAccount(persisted.credentials.accessKeyId)).rejects.toThrow(
        /in-memory emulator only/,
      );
    } finally {
      await running.pop()?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('S3Store.deleteAccount', () => {
  it('frees the bodies of its objects and pending parts from the memory blob store, and only those', async () => {
    const store = await S3Store.open(undefined);
    const blobs = store.blobs as MemoryBlobStore;
    const now = new Date().toISOString();
    for (const [owner, name] of [
      ['111111111111', 'gone'],
      ['222222222222', 'kept'],
    ] as const) {
      await store.createBucket({ name, owner, region: 'us-east-1', creationDate: now });
      const bucket = store.findBucket(name)!;
      for (const key of ['a', 'b']) {
        const { id, size } = await blobs.write(Buffer.from(`${name}:${key}`));
        const attributes = { contentType: 'text/plain', metadata: {}, tags: [] };
        await store.putObject(bucket, { ...attributes, key, blob: id, size, etag: '"x"', lastModified: now });
      }
      const upload = {
        uploadId: `${name}-upload`,
        bucket: name,
        key: 'big',
        initiated: now,
        owner,
        initiatorArn: `arn:aws:iam::${owner}:user/u`,
        contentType: 'text/plain',
        metadata: {},
        tags: [],
      };
      await store.createUpload(upload);
      const part = await blobs.write(Buffer.from('part'));
      await store.putPart(store.uploadFor(bucket, 'big', upload.uploadId), {
        partNumber: 1,
        blob: part.id,
        size: part.size,
        etag: '"p"',
        lastModified: now,
      });
    }
    expect(blobs.usage.blobs).toBe(6);

    await store.deleteAccount('111111111111');

    expect(store.findBucket('gone')).toBeUndefined();
    expect(store.findBucket('kept')?.objects.size).toBe(2);
    expect(blobs.usage).toEqual({ blobs: 3, bytes: 'kept:a'.length + 'kept:b'.length + 'part'.length });
  });
});
