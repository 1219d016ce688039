import {
  CreateFunctionCommand,
  DeleteFunctionCommand,
  GetFunctionCommand,
  GetFunctionConfigurationCommand,
  InvokeCommand,
  LambdaClient,
  ListFunctionsCommand,
  ResourceConflictException,
  ResourceNotFoundException,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
} from '@aws-sdk/client-lambda';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../../index.ts';

let emulator: RunningEmulator;
let lambda: LambdaClient;
let role: string;

beforeAll(async () => {
  emulator = await startEmulator();
  const config = {
    endpoint: emulator.endpoint,
    region: emulator.region,
    credentials: emulator.credentials,
    maxAttempts: 1,
  };
  lambda = new LambdaClient(config);
  const { Account } = await new STSClient(config).send(new GetCallerIdentityCommand({}));
  role = `arn:aws:iam::${Account}:role/lambda-test-role`;
});
afterAll(() => emulator.stop());

const zip = (source: string) => zipSync({ 'app.mjs': strToU8(source) });

async function create(name: string, source: string, extra: Record<string, unknown> = {}) {
  return lambda.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Runtime: 'nodejs22.x',
      Role: role,
      Handler: 'app.handler',
      Code: { ZipFile: zip(source) },
      ...extra,
    }),
  );
}

describe('Lambda subset', () => {
  it('creates a function and describes it as Lambda does', async () => {
    const created = await create('describe-me', 'export const handler = async () => 1;', {
      Timeout: 5,
      MemorySize: 256,
    });
    expect(created.FunctionArn).toMatch(/^arn:aws:lambda:us-east-1:\d{12}:function:describe-me$/);
    expect(created).toMatchObject({ State: 'Active', Timeout: 5, MemorySize: 256, Handler: 'app.handler' });
    const got = await lambda.send(new GetFunctionCommand({ FunctionName: 'describe-me' }));
    expect(got.Configuration?.CodeSha256).toBe(created.CodeSha256);
    const listed = await lambda.send(new ListFunctionsCommand({}));
    expect(listed.Functions?.map((f) => f.FunctionName)).toContain('describe-me');
  });

  it("refuses a runtime Lambda has retired with Lambda's own message, and one it never had with the choices", async () => {
    // nodejs20.x followed Node 20 out (deprecated 2026-04-30): Lambda creates and updates no function with it.
    await expect(
      create('node-20', 'export const handler = async () => 1;', { Runtime: 'nodejs20.x' }),
    ).rejects.toMatchObject({
      name: 'InvalidParameterValueException',
      message: expect.stringMatching(
        /^The runtime parameter of nodejs20\.x is no longer supported for creating or updating AWS Lambda functions\./,
      ),
    });
    await expect(
      create('python', 'export const handler = async () => 1;', { Runtime: 'python3.13' }),
    ).rejects.toMatchObject({ message: expect.stringContaining('use one of nodejs22.x, nodejs24.x') });
    const created = await create('node-24', 'export const handler = async () => 1;', {
      Runtime: 'nodejs24.x',
    });
    expect(created.Runtime).toBe('nodejs24.x');
  });

  it('answers GetFunctionConfiguration with the configuration GetFunction holds', async () => {
    await create('configured', 'export const handler = async () => 1;', {
      Environment: { Variables: { STAGE: 'dev' } },
    });
    const { $metadata, ...configuration } = await lambda.send(
      new GetFunctionConfigurationCommand({ FunctionName: 'configured' }),
    );
    const got = await lambda.send(new GetFunctionCommand({ FunctionName: 'configured' }));
    expect(configuration).toEqual(got.Configuration);
    expect(configuration.Environment?.Variables).toEqual({ STAGE: 'dev' });
    await expect(
      lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'not-there' })),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  it('refuses a second function with the same name', async () => {
    await create('twice', 'export const handler = async () => 1;');
    await expect(create('twice', 'export const handler = async () => 2;')).rejects.toBeInstanceOf(
      ResourceConflictException,
    );
  });

  it('refuses a role from another account and a runtime it cannot run', async () => {
    await expect(
      create('bad-role', 'x', { Role: 'arn:aws:iam::111111111111:role/other' }),
    ).rejects.toMatchObject({
      name: 'InvalidParameterValueException',
    });
    await expect(create('old-runtime', 'x', { Runtime: 'nodejs16.x' })).rejects.toMatchObject({
      name: 'InvalidParameterValueException',
    });
  });

  it('invokes with the payload and returns the log tail when asked', async () => {
    await create(
      'echo',
      'export const handler = async (event) => { console.log("got", event.n); return { n: event.n + 1 }; };',
    );
    const out = await lambda.send(
      new InvokeCommand({ FunctionName: 'echo', Payload: JSON.stringify({ n: 41 }), LogType: 'Tail' }),
    );
    expect(out.StatusCode).toBe(200);
    expect(out.FunctionError).toBeUndefined();
    expect(JSON.parse(Buffer.from(out.Payload!).toString())).toEqual({ n: 42 });
    const log = Buffer.from(out.LogResult!, 'base64').toString();
    expect(log).toMatch(/^START RequestId: /);
    expect(log).toContain('INFO\tgot 41');
    expect(log).toMatch(/REPORT RequestId: .*Duration/);
  });

  it('reports an Unhandled function error with the error in the payload', async () => {
    await create('thrower', 'export const handler = async () => { throw new RangeError("too far"); };');
    const out = await lambda.send(new InvokeCommand({ FunctionName: 'thrower' }));
    expect(out.FunctionError).toBe('Unhandled');
    expect(JSON.parse(Buffer.from(out.Payload!).toString())).toMatchObject({
      errorType: 'RangeError',
      errorMessage: 'too far',
    });
  });

  it('runs new code after UpdateFunctionCode', async () => {
    await create('versioned', 'export const handler = async () => "v1";');
    await lambda.send(
      new UpdateFunctionCodeCommand({
        FunctionName: 'versioned',
        ZipFile: zip('export const handler = async () => "v2";'),
      }),
    );
    const out = await lambda.send(new InvokeCommand({ FunctionName: 'versioned' }));
    expect(JSON.parse(Buffer.from(out.Payload!).toString())).toBe('v2');
  });

  it('changes only the settings UpdateFunctionConfiguration names, and the next invoke sees them', async () => {
    await create('reconfigured', 'export const handler = async () => process.env.STAGE;', {
      Timeout: 5,
      Environment: { Variables: { STAGE: 'dev' } },
    });
    const updated = await lambda.send(
      new UpdateFunctionConfigurationCommand({
        FunctionName: 'reconfigured',
        Environment: { Variables: { STAGE: 'prod' } },
      }),
    );
    expect(updated).toMatchObject({
      Timeout: 5,
      Handler: 'app.handler',
      Environment: { Variables: { STAGE: 'prod' } },
    });
    const out = await lambda.send(new InvokeCommand({ FunctionName: 'reconfigured' }));
    expect(new TextDecoder().decode(out.Payload)).toBe('"prod"');
  });

  it('deletes a function, after which it is not found', async () => {
    await create('short-lived', 'export const handler = async () => 1;');
    await lambda.send(new DeleteFunctionCommand({ FunctionName: 'short-lived' }));
    await expect(lambda.send(new GetFunctionCommand({ FunctionName: 'short-lived' }))).rejects.toBeInstanceOf(
      ResourceNotFoundException,
    );
    await expect(lambda.send(new InvokeCommand({ FunctionName: 'short-lived' }))).rejects.toBeInstanceOf(
      ResourceNotFoundException,
    );
  });

  it('gives the function credentials of its role, so its AWS calls run as the role', async () => {
    await create(
      'whoami',
      `import { STSClient, GetCallerIdentityCommand } from '${import.meta.resolve('@aws-sdk/client-sts')}';
       export const handler = async () => (await new STSClient({}).send(new GetCallerIdentityCommand({}))).Arn;`,
    );
    const out = await lambda.send(new InvokeCommand({ FunctionName: 'whoami' }));
    expect(out.FunctionError).toBeUndefined();
    expect(JSON.parse(Buffer.from(out.Payload!).toString())).toMatch(
      /:assumed-role\/lambda-test-role\/whoami$/,
    );
  });
});
