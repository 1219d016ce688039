import { CloudFormationClient, CreateStackCommand, DeleteStackCommand } from '@aws-sdk/client-cloudformation';
import { CreateFunctionCommand, LambdaClient, UpdateFunctionCodeCommand } from '@aws-sdk/client-lambda';
import { CreateBucketCommand, DeleteObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorCredentials, type RunningEmulator, startEmulator } from './index.ts';

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({
    accountLimits: { requests: 6, objectBytes: 1024 * 1024, templateBytes: 2_000, codeBytes: 100_000 },
  });
});
afterAll(() => emulator.stop());

const config = (credentials: EmulatorCredentials) => ({
  endpoint: emulator.endpoint,
  region: 'us-east-1',
  credentials,
  maxAttempts: 1,
});
const errorOf = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: Error & { $metadata?: { httpStatusCode?: number } }) => error,
  );

describe('accountLimits (a batch: one account per learner)', () => {
  it("refuses an account's requests past its budget with a non-retryable error, and no other account's", async () => {
    const spender = new SSMClient(config(await emulator.createAccount()));
    const other = new SSMClient(config(await emulator.createAccount()));
    await spender.send(new PutParameterCommand({ Name: '/n', Value: 'v', Type: 'String' }));
    for (let i = 0; i < 5; i++) await spender.send(new GetParameterCommand({ Name: '/n' }));
    const refused = await errorOf(spender.send(new GetParameterCommand({ Name: '/n' })));
    expect(refused?.name).toBe('LimitExceededException');
    expect(refused?.message).toMatch(/made 6 requests, the most one account may make/);
    await other.send(new PutParameterCommand({ Name: '/n', Value: 'v', Type: 'String' }));
    expect((await other.send(new GetParameterCommand({ Name: '/n' }))).Parameter?.Value).toBe('v');
  });

  it("keeps each account's S3 bodies to its share: one filling it leaves another's uploads alone", async () => {
    const filler = await emulator.createAccount();
    const s3 = new S3Client({ ...config(filler), forcePathStyle: true });
    const neighbour = new S3Client({ ...config(await emulator.createAccount()), forcePathStyle: true });
    const body = Buffer.alloc(600 * 1024);
    await s3.send(new CreateBucketCommand({ Bucket: 'filler-bucket' }));
    await s3.send(new PutObjectCommand({ Bucket: 'filler-bucket', Key: 'a', Body: body }));
    const full = await errorOf(
      s3.send(new PutObjectCommand({ Bucket: 'filler-bucket', Key: 'b', Body: body })),
    );
    expect(full?.name).toBe('EntityTooLarge');
    expect(full?.message).toMatch(/at most 1 MiB of object data in this shared emulator/);
    await neighbour.send(new CreateBucketCommand({ Bucket: 'neighbour-bucket' }));
    await neighbour.send(new PutObjectCommand({ Bucket: 'neighbour-bucket', Key: 'a', Body: body }));
    // What an account deletes is its to use again.
    await s3.send(new DeleteObjectCommand({ Bucket: 'filler-bucket', Key: 'a' }));
    await s3.send(new PutObjectCommand({ Bucket: 'filler-bucket', Key: 'b', Body: body }));
  });

  it('starts a deleted account’s successor with a fresh budget', async () => {
    const account = await emulator.createAccount();
    const ssm = new SSMClient(config(account));
    for (let i = 0; i < 6; i++) await errorOf(ssm.send(new GetParameterCommand({ Name: '/none' })));
    expect((await errorOf(ssm.send(new GetParameterCommand({ Name: '/none' }))))?.name).toBe(
      'LimitExceededException',
    );
    await emulator.deleteAccount(account.accessKeyId);
    const next = new SSMClient(config(await emulator.createAccount()));
    expect((await errorOf(next.send(new GetParameterCommand({ Name: '/none' }))))?.name).toBe(
      'ParameterNotFound',
    );
  });

  it("keeps each account's templates to its share: stacks past it are refused until one is deleted", async () => {
    const cfn = new CloudFormationClient(config(await emulator.createAccount()));
    // ~1,200 bytes: one fits in the 2,000-byte share, two do not.
    const template = `Description: ${'x'.repeat(1_100)}\nResources:\n  Stage:\n    Type: AWS::ApiGatewayV2::Stage\n    Properties:\n      StageName: prod\n`;
    await cfn.send(new CreateStackCommand({ StackName: 'first', TemplateBody: template }));
    const refused = await errorOf(
      cfn.send(new CreateStackCommand({ StackName: 'second', TemplateBody: template })),
    );
    expect(refused?.name).toBe('LimitExceededException');
    expect(refused?.message).toMatch(/more than the 2000 one account may keep in this shared emulator/);
    await cfn.send(new DeleteStackCommand({ StackName: 'first' }));
    await cfn.send(new CreateStackCommand({ StackName: 'second', TemplateBody: template }));
  });

  it("keeps each account's Lambda code on disk to its share; new code replacing old reuses the old's", async () => {
    const account = await emulator.createAccount();
    const lambda = new LambdaClient(config(account));
    // 60 KB of code unzipped: one function fits in the 100,000-byte share, two do not.
    const zip = zipSync({
      'index.mjs': new TextEncoder().encode(`// ${'x'.repeat(60_000)}\nexport const handler = () => 1;\n`),
    });
    const create = (FunctionName: string) =>
      lambda.send(
        new CreateFunctionCommand({
          FunctionName,
          Runtime: 'nodejs20.x',
          Handler: 'index.handler',
          Role: `arn:aws:iam::${account.accountId}:role/r`,
          Code: { ZipFile: zip },
        }),
      );
    await create('first');
    const refused = await errorOf(create('second'));
    expect(refused?.name).toBe('CodeStorageExceededException');
    expect(refused?.message).toMatch(/more code than it may in this shared emulator/);
    await lambda.send(new UpdateFunctionCodeCommand({ FunctionName: 'first', ZipFile: zip }));
  });
});
