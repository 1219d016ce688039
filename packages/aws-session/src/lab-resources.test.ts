import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { GetBucketTaggingCommand, HeadBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { type RunningEmulator, startEmulator } from '@cloudlab/emulator';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  bucketName,
  labResourceContext,
  labTags,
  parameterPath,
  ResourceTracker,
  resourcePrefix,
  sanitizeNamePart,
  stackName,
  withLabResources,
} from './lab-resources.ts';

describe('names and tags', () => {
  test('a learner id becomes lowercase letters, digits and single hyphens', () => {
    expect(sanitizeNamePart('Ana María_O’Neil')).toBe('ana-mar-a-o-neil');
    expect(sanitizeNamePart('--')).toBe('x');
  });

  test('the context comes from CLOUDLAB_LEARNER and CLOUDLAB_RUN_ID, with defaults', () => {
    expect(labResourceContext('02', { CLOUDLAB_LEARNER: 'Ana', CLOUDLAB_RUN_ID: 'run-7' })).toEqual({
      learner: 'ana',
      lab: '02',
      runId: 'run-7',
    });
    const fallback = labResourceContext('02', {});
    expect(fallback.learner).toBe('student');
    expect(fallback.runId).toMatch(/^[0-9a-f]{8}$/);
    expect(() => labResourceContext('2', {})).toThrow(/two digits/);
  });

  test('bucket names carry the prefix, stay within 63 lowercase characters and differ per call', () => {
    const ctx = labResourceContext('02', {
      CLOUDLAB_LEARNER: 'a-very-long-learner-name-indeed',
      CLOUDLAB_RUN_ID: 'r',
    });
    const name = bucketName(ctx, 'Purpose With Spaces And Far Too Many Characters For One Bucket');
    expect(name.startsWith(`${resourcePrefix(ctx)}-`)).toBe(true);
    expect(name.length).toBeLessThanOrEqual(63);
    expect(name).toMatch(/^[a-z0-9][a-z0-9-]*[a-z0-9]$/);
    expect(bucketName(ctx)).not.toBe(bucketName(ctx));
  });

  test('SSM paths and stack names follow /cloudlab/<learner>/<lab>/… and cloudlab-<learner>-<lab>-…', () => {
    const ctx = labResourceContext('03', { CLOUDLAB_LEARNER: 'ana', CLOUDLAB_RUN_ID: 'r1' });
    expect(parameterPath(ctx, 'db', '/password/')).toBe('/cloudlab/ana/03/db/password');
    expect(stackName(ctx, 'api')).toBe('cloudlab-ana-03-api');
    expect(labTags(ctx)).toEqual({ 'cloudlab:lab': '03', 'cloudlab:learner': 'ana', 'cloudlab:run': 'r1' });
  });
});

describe('ResourceTracker against the emulator', () => {
  let emulator: RunningEmulator;
  let clients: { s3: S3Client; ssm: SSMClient; cloudformation: CloudFormationClient };
  const ctx = labResourceContext('02', { CLOUDLAB_LEARNER: 'tracker-test' });

  beforeAll(async () => {
    emulator = await startEmulator();
    const config = {
      endpoint: emulator.endpoint,
      region: emulator.region,
      credentials: emulator.credentials,
    };
    clients = {
      s3: new S3Client({ ...config, forcePathStyle: true }),
      ssm: new SSMClient(config),
      cloudformation: new CloudFormationClient(config),
    };
  });
  afterAll(() => emulator?.stop());

  const bucketExists = (name: string) =>
    clients.s3.send(new HeadBucketCommand({ Bucket: name })).then(
      () => true,
      () => false,
    );
  const parameterExists = (name: string) =>
    clients.ssm.send(new GetParameterCommand({ Name: name })).then(
      () => true,
      () => false,
    );

  test('createBucket names and tags the bucket; cleanup empties and deletes it and the tracked parameter', async () => {
    const tracker = new ResourceTracker(ctx, clients);
    const bucket = await tracker.createBucket('objects');
    const tags = await clients.s3.send(new GetBucketTaggingCommand({ Bucket: bucket }));
    expect(Object.fromEntries((tags.TagSet ?? []).map((t) => [t.Key, t.Value]))).toEqual(labTags(ctx));
    for (const key of ['a', 'b/c', 'd'])
      await clients.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: key }));
    const parameter = parameterPath(ctx, 'greeting');
    await clients.ssm.send(new PutParameterCommand({ Name: parameter, Value: 'hi', Type: 'String' }));
    tracker.track({ kind: 'ssm-parameter', id: parameter });

    const outcomes = await tracker.cleanup();
    expect(outcomes).toEqual([
      { kind: 'ssm-parameter', id: parameter, deleted: true },
      { kind: 's3-bucket', id: bucket, deleted: true },
    ]);
    expect(await bucketExists(bucket)).toBe(false);
    expect(await parameterExists(parameter)).toBe(false);
    expect(tracker.resources).toEqual([]);
  });

  test('withLabResources cleans up when the lab code throws, and reports what it deleted', async () => {
    let created = '';
    const reports: unknown[] = [];
    await expect(
      withLabResources(
        ctx,
        clients,
        async (tracker) => {
          created = await tracker.createBucket();
          throw new Error('student code failed');
        },
        (outcomes) => reports.push(outcomes),
      ),
    ).rejects.toThrow('student code failed');
    expect(await bucketExists(created)).toBe(false);
    expect(reports).toEqual([[{ kind: 's3-bucket', id: created, deleted: true }]]);
  });

  test('a resource deleted by someone else counts as cleaned up', async () => {
    const tracker = new ResourceTracker(ctx, clients);
    tracker.track({ kind: 'ssm-parameter', id: parameterPath(ctx, 'never-created') });
    expect(await tracker.cleanup()).toEqual([expect.objectContaining({ deleted: true })]);
  });

  test('Ctrl-C (SIGINT) during a run cleans up before the process exits with 130', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(import.meta.dirname, 'interrupted-run.fixture.ts')],
      {
        env: {
          ...process.env,
          AWS_ENDPOINT_URL: emulator.endpoint,
          AWS_REGION: emulator.region,
          AWS_ACCESS_KEY_ID: emulator.credentials.accessKeyId,
          AWS_SECRET_ACCESS_KEY: emulator.credentials.secretAccessKey,
          CLOUDLAB_LEARNER: 'interrupted',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.setEncoding('utf8');
    const ready = new Promise<string>((resolve) => {
      child.stdout.on('data', (chunk: string) => {
        output += chunk;
        const match = /ready (\S+) (\S+)/.exec(output);
        if (match) resolve(`${match[1]} ${match[2]}`);
      });
    });
    const [bucket = '', parameter = ''] = (await ready).split(' ');
    expect(await bucketExists(bucket)).toBe(true);
    child.kill('SIGINT');
    const [code] = await once(child, 'exit');
    expect(code).toBe(130);
    expect(output).toMatch(/cleaned 2/);
    expect(await bucketExists(bucket)).toBe(false);
    expect(await parameterExists(parameter)).toBe(false);
  }, 20_000);
});
