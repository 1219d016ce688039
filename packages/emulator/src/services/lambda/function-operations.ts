import { createHash, randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type {
  CreateFunctionRequest,
  FunctionCode,
  FunctionConfiguration,
  Runtime,
} from '@aws-sdk/client-lambda';
import { type InvokeResult, invokeInProcess } from '@cloudlab/lambda-runtime';
import { AwsError } from '../../core/aws-error.ts';
import type { EmulatorRuntime } from '../../core/types.ts';
import { fetchCodeFromS3, unpackCode } from './function-code.ts';
import type { Caller } from './lambda-action.ts';
import { invalid, notFound } from './lambda-errors.ts';
import {
  functionKey,
  type LambdaFunction,
  lambdaState,
  poolKey,
  retireWarmProcesses,
} from './lambda-state.ts';

/**
 * What Lambda does to functions, shared by the operations in actions/ and by CloudFormation's
 * AWS::Lambda::Function provider. https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html
 */
export const SUPPORTED_RUNTIMES: string[] = ['nodejs22.x', 'nodejs24.x'];
/** Node runtimes Lambda has deprecated and no longer creates or updates functions with (nodejs20.x: 2026). */
const RETIRED_NODE_RUNTIME = /^nodejs(1\d|20)\.x$/;

/** CreateFunction's members that UpdateFunctionConfiguration also sets. */
export type FunctionSettings = Omit<CreateFunctionRequest, 'FunctionName' | 'Code'>;

/** Matches WarmPool's default maxAgeMs. */
const WARM_MAX_AGE_SECONDS = 600;
const ROLE_ARN = /^arn:aws:iam::(\d{12}):role\/(?:.*\/)?([\w+=,.@-]+)$/;

const lambdaTimestamp = () => new Date().toISOString().replace('Z', '+0000');

async function codeBytes(runtime: EmulatorRuntime, caller: Caller, code: FunctionCode): Promise<Uint8Array> {
  if (code.ZipFile) return code.ZipFile;
  if (code.S3Bucket && code.S3Key) {
    return fetchCodeFromS3(runtime, caller.accountId, caller.region, code.S3Bucket, code.S3Key);
  }
  throw invalid('Please provide a source for function code: ZipFile, or S3Bucket and S3Key.');
}

/** Accepts a name, a partial ARN or a full ARN, as Lambda does. */
export function findFunction(runtime: EmulatorRuntime, caller: Caller, nameOrArn: string): LambdaFunction {
  const name = nameOrArn.includes(':')
    ? (nameOrArn.split(':function:')[1]?.split(':')[0] ?? nameOrArn)
    : nameOrArn;
  const fn = lambdaState(runtime).functions.get(functionKey(caller.accountId, name));
  if (!fn) throw notFound(`arn:aws:lambda:${caller.region}:${caller.accountId}:function:${name}`);
  return fn;
}

export async function createFunction(
  runtime: EmulatorRuntime,
  caller: Caller,
  input: CreateFunctionRequest,
): Promise<LambdaFunction> {
  const state = lambdaState(runtime);
  const name = input.FunctionName ?? '';
  if (!/^[a-zA-Z0-9-_]{1,64}$/.test(name)) {
    throw invalid(
      `1 validation error detected: Value '${name}' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9-_]+ and be at most 64 characters`,
    );
  }
  if (state.functions.has(functionKey(caller.accountId, name))) {
    throw new AwsError('ResourceConflictException', `Function already exist: ${name}`, 409);
  }
  const config = checkConfiguration(caller, input);
  const bytes = await codeBytes(runtime, caller, input.Code ?? {});
  const code = unpackCode(state.codeRoot, name, bytes, codeRoom(runtime, caller.accountId));
  const fn: LambdaFunction = {
    accountId: caller.accountId,
    name,
    arn: `arn:aws:lambda:${caller.region}:${caller.accountId}:function:${name}`,
    ...config,
    ...code,
    lastModified: lambdaTimestamp(),
    revisionId: randomUUID(),
    tags: input.Tags ?? {},
  };
  state.functions.set(functionKey(caller.accountId, name), fn);
  return fn;
}

function checkConfiguration(caller: Caller, input: FunctionSettings) {
  if (input.Runtime && RETIRED_NODE_RUNTIME.test(input.Runtime)) {
    throw invalid(
      `The runtime parameter of ${input.Runtime} is no longer supported for creating or updating AWS Lambda functions. We recommend you use a supported runtime while creating or updating functions.`,
    );
  }
  if (!input.Runtime || !SUPPORTED_RUNTIMES.includes(input.Runtime)) {
    throw invalid(
      `The runtime parameter of ${input.Runtime ?? '(none)'} is not supported by the cloudlab emulator — use one of ${SUPPORTED_RUNTIMES.join(', ')}.`,
    );
  }
  if (!input.Handler) throw invalid('Handler is required for a .zip deployment package, e.g. app.handler.');
  // There is no IAM API: any role ARN in the caller's account exists, with the policies attached to it (runtime.roles).
  const role = ROLE_ARN.exec(input.Role ?? '');
  if (!role || role[1] !== caller.accountId) {
    throw invalid('The role defined for the function cannot be assumed by Lambda.');
  }
  const timeout = input.Timeout ?? 3;
  const memorySize = input.MemorySize ?? 128;
  if (timeout < 1 || timeout > 900) throw invalid(`Timeout ${timeout} is out of range: 1 to 900 seconds.`);
  if (memorySize < 128 || memorySize > 10240)
    throw invalid(`MemorySize ${memorySize} is out of range: 128 to 10240 MB.`);
  return {
    runtime: input.Runtime,
    handler: input.Handler,
    role: role[0],
    description: input.Description ?? '',
    timeout,
    memorySize,
    environment: input.Environment?.Variables ?? {},
  };
}

export async function updateFunctionCode(
  runtime: EmulatorRuntime,
  caller: Caller,
  nameOrArn: string,
  code: FunctionCode,
): Promise<LambdaFunction> {
  const fn = findFunction(runtime, caller, nameOrArn);
  const bytes = await codeBytes(runtime, caller, code);
  // The code it replaces is deleted: its share is free for the new code.
  const room = codeRoom(runtime, caller.accountId) + fn.unzippedSize;
  const unpacked = unpackCode(lambdaState(runtime).codeRoot, fn.name, bytes, room);
  retireWarmProcesses(lambdaState(runtime), fn);
  rmSync(fn.codeDir, { recursive: true, force: true });
  Object.assign(fn, unpacked, { lastModified: lambdaTimestamp(), revisionId: randomUUID() });
  return fn;
}

/** The unzipped code bytes the account may still keep (accountLimits.codeBytes); unlimited without one. */
function codeRoom(runtime: EmulatorRuntime, accountId: string): number {
  const limit = runtime.options.accountLimits?.codeBytes;
  if (limit === undefined) return Number.POSITIVE_INFINITY;
  let kept = 0;
  for (const fn of lambdaState(runtime).functions.values())
    if (fn.accountId === accountId) kept += fn.unzippedSize;
  return limit - kept;
}

/** UpdateFunctionConfiguration's subset: what CloudFormation changes in place when a template changes. */
export function updateFunctionConfiguration(
  runtime: EmulatorRuntime,
  caller: Caller,
  nameOrArn: string,
  input: FunctionSettings,
): LambdaFunction {
  const fn = findFunction(runtime, caller, nameOrArn);
  const next = checkConfiguration(caller, input);
  retireWarmProcesses(lambdaState(runtime), fn);
  Object.assign(fn, next, { lastModified: lambdaTimestamp(), revisionId: randomUUID() });
  return fn;
}

export function deleteFunction(runtime: EmulatorRuntime, caller: Caller, nameOrArn: string): void {
  const fn = findFunction(runtime, caller, nameOrArn);
  lambdaState(runtime).functions.delete(functionKey(fn.accountId, fn.name));
  retireWarmProcesses(lambdaState(runtime), fn);
  rmSync(fn.codeDir, { recursive: true, force: true });
}

/** Runs the function with credentials minted for its execution role, so its AWS calls meet that role's policy. */
export function invokeFunction(
  runtime: EmulatorRuntime,
  fn: LambdaFunction,
  event: unknown,
): Promise<InvokeResult> {
  const roleName = ROLE_ARN.exec(fn.role)?.[2] ?? 'role';
  const region = fn.arn.split(':')[3] ?? runtime.options.region ?? 'us-east-1';
  const policies = runtime.roles.policiesOf(fn.role);
  // Credentials are minted when a process starts; a warm process is reused only while the role's policies are
  // the ones its credentials carry (hence the policy hash in the key), and lives at most 10 minutes.
  const environment = () => {
    const credentials = runtime.issueCredentials(
      {
        accountId: fn.accountId,
        arn: `arn:aws:sts::${fn.accountId}:assumed-role/${roleName}/${fn.name}`,
        userId: `AROA${createHash('sha256').update(fn.role).digest('hex').slice(0, 17).toUpperCase()}:${fn.name}`,
        type: 'assumed-role',
        policies,
      },
      WARM_MAX_AGE_SECONDS + fn.timeout + 60,
    );
    return {
      ...fn.environment,
      AWS_REGION: region,
      AWS_DEFAULT_REGION: region,
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      ...(credentials.sessionToken ? { AWS_SESSION_TOKEN: credentials.sessionToken } : {}),
      AWS_ENDPOINT_URL: runtime.endpoint,
      // Over --tls the function's SDK must trust the emulator's CA (Node reads this when the process starts).
      ...(runtime.options.tlsDir ? { NODE_EXTRA_CA_CERTS: join(runtime.options.tlsDir, 'ca.pem') } : {}),
    };
  };
  const state = lambdaState(runtime);
  const policyHash = createHash('sha256')
    .update(JSON.stringify(policies ?? null))
    .digest('hex')
    .slice(0, 12);
  return invokeInProcess({
    codeDir: fn.codeDir,
    handler: fn.handler,
    functionName: fn.name,
    functionArn: fn.arn,
    runtime: fn.runtime,
    event,
    timeoutSeconds: fn.timeout,
    memorySizeMb: fn.memorySize,
    environment,
    pool: state.pool,
    poolKey: `${poolKey(fn)}|${policyHash}`,
  });
}

/** FunctionConfiguration as the Lambda API returns it. */
export function configurationOf(fn: LambdaFunction): FunctionConfiguration {
  return {
    FunctionName: fn.name,
    FunctionArn: fn.arn,
    Runtime: fn.runtime as Runtime,
    Role: fn.role,
    Handler: fn.handler,
    CodeSize: fn.codeSize,
    CodeSha256: fn.codeSha256,
    Description: fn.description,
    Timeout: fn.timeout,
    MemorySize: fn.memorySize,
    LastModified: fn.lastModified,
    Version: '$LATEST',
    Environment: { Variables: fn.environment },
    RevisionId: fn.revisionId,
    State: 'Active',
    LastUpdateStatus: 'Successful',
    PackageType: 'Zip',
    Architectures: ['x86_64'],
  };
}
