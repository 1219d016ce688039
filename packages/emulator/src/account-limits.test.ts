import {
  CloudFormationClient,
  CreateStackCommand,
  DeleteStackCommand,
  UpdateStackCommand,
} from '@aws-sdk/client-cloudformation';
import { CreateFunctionCommand, LambdaClient, UpdateFunctionCodeCommand } from '@aws-sdk/client-lambda';
import { CreateBucketCommand, DeleteObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { GetSessionTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorCredentials, type RunningEmulator, startEmulator } from './index.ts';

/** CloudFormation's `${Name}` reference, kept out of a template literal's own placeholders. */
const NAME_REFERENCE = '$' + '{Name}';

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
          Runtime: 'nodejs22.x',
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

describe('accountLimits.ingressBytes (what an account brings in, every service together)', () => {
  const LIMIT = 256 * 1024;
  let small: RunningEmulator;
  beforeAll(async () => {
    small = await startEmulator({ accountLimits: { ingressBytes: LIMIT } });
  });
  afterAll(() => small.stop());
  const smallConfig = (credentials: EmulatorCredentials) => ({
    ...config(credentials),
    endpoint: small.endpoint,
  });
  /** Sends `call` until it is refused; the refusal and how many calls went through before it. */
  const untilRefused = async (call: () => Promise<unknown>, most: number) => {
    for (let served = 0; served < most; served++) {
      const error = await errorOf(call());
      if (error) return { error, served };
    }
    throw new Error(`${most} calls went through: the limit never held`);
  };

  it("stops one account's parameter versions at its share, with SSM's error, and no other account's", async () => {
    const account = await small.createAccount();
    const ssm = new SSMClient(smallConfig(account));
    const Value = 'v'.repeat(4096);
    const put = () =>
      ssm.send(new PutParameterCommand({ Name: '/big', Value, Type: 'String', Overwrite: true }));
    const { error, served } = await untilRefused(put, 100);
    expect(error.name).toBe('LimitExceededException');
    expect(error.message).toMatch(/more than 262144 bytes of requests, the most one account may bring/);
    // Each 4 KB value brings its headers and record with it: fewer versions than 64 × 4 KB would allow.
    expect(served).toBeGreaterThan(30);
    expect(served).toBeLessThan(64);
    const other = new SSMClient(smallConfig(await small.createAccount()));
    await other.send(new PutParameterCommand({ Name: '/big', Value, Type: 'String' }));
    expect((await other.send(new GetParameterCommand({ Name: '/big' }))).Parameter?.Value).toBe(Value);
    // Deleting the account forgets what it brought in.
    await small.deleteAccount(account.accessKeyId);
    expect(small.runtime.ingress.spent(account.accountId)).toBe(0);
  });

  it('bounds the small records of STS too: temporary keys minted by a loop of tiny requests', async () => {
    const sts = new STSClient(smallConfig(await small.createAccount()));
    const { error, served } = await untilRefused(() => sts.send(new GetSessionTokenCommand({})), 1_000);
    expect(error.name).toBe('LimitExceeded');
    expect(error.$metadata?.httpStatusCode).toBe(400);
    expect(served).toBeGreaterThan(50);
    const neighbour = new STSClient(smallConfig(await small.createAccount()));
    expect((await neighbour.send(new GetSessionTokenCommand({}))).Credentials?.AccessKeyId).toBeDefined();
  });

  it("counts S3's headers, not only bodies: empty objects with metadata stop at the share, AccessDenied 403", async () => {
    const s3 = new S3Client({ ...smallConfig(await small.createAccount()), forcePathStyle: true });
    await s3.send(new CreateBucketCommand({ Bucket: 'metadata-bucket' }));
    let n = 0;
    const put = () =>
      s3.send(
        new PutObjectCommand({
          Bucket: 'metadata-bucket',
          Key: `k${n++}`,
          Body: Buffer.alloc(0),
          Metadata: { note: 'm'.repeat(2000) },
        }),
      );
    const { error, served } = await untilRefused(put, 200);
    expect(error.name).toBe('AccessDenied');
    expect(error.$metadata?.httpStatusCode).toBe(403);
    expect(served).toBeLessThan(LIMIT / 2000);
  });

  it('charges a stack update sent by reference for every resource it writes again, and its events', async () => {
    const cfn = new CloudFormationClient(smallConfig(await small.createAccount()));
    // 40 resources from a template of ~2 KB; an update that only changes the parameter rewrites them all.
    const stages = Array.from(
      { length: 40 },
      (_, i) => `  S${i}:\n    Type: AWS::ApiGatewayV2::Stage\n    Properties:\n      StageName: !Ref Name\n`,
    ).join('');
    const TemplateBody = `Parameters:\n  Name:\n    Type: String\nResources:\n${stages}`;
    const parameters = (value: string) => [{ ParameterKey: 'Name', ParameterValue: value }];
    await cfn.send(new CreateStackCommand({ StackName: 'wide', TemplateBody, Parameters: parameters('v0') }));
    let version = 1;
    const update = () =>
      cfn.send(
        new UpdateStackCommand({
          StackName: 'wide',
          UsePreviousTemplate: true,
          Parameters: parameters(`v${version++}`),
        }),
      );
    const { error, served } = await untilRefused(update, 50);
    expect(error.name).toBe('LimitExceeded');
    expect(served).toBeLessThan(5);
  });

  it('charges what a resource resolves to: a parameter repeated in an Fn::Sub counts every time', async () => {
    const cfn = new CloudFormationClient(smallConfig(await small.createAccount()));
    // A template of ~400 bytes whose one resource resolves to 50 copies of a 2,000-byte parameter: 100 KB.
    const TemplateBody = `Parameters:\n  Name:\n    Type: String\nResources:\n  Stage:\n    Type: AWS::ApiGatewayV2::Stage\n    Properties:\n      StageName: !Sub "${NAME_REFERENCE.repeat(50)}"\n`;
    const parameters = (n: number) => [
      { ParameterKey: 'Name', ParameterValue: String(n).padEnd(2_000, 'x') },
    ];
    await cfn.send(new CreateStackCommand({ StackName: 'repeats', TemplateBody, Parameters: parameters(0) }));
    let version = 1;
    const update = () =>
      cfn.send(
        new UpdateStackCommand({
          StackName: 'repeats',
          UsePreviousTemplate: true,
          Parameters: parameters(version++),
        }),
      );
    const { error, served } = await untilRefused(update, 50);
    expect(error.name).toBe('LimitExceeded');
    expect(served).toBeLessThan(4);
  });
});
