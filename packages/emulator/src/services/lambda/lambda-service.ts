import type { IncomingMessage, ServerResponse } from 'node:http';
import { AwsError } from '../../core/aws-error.ts';
import type { EmulatorRuntime, RequestContext, Service } from '../../core/types.ts';
import { notImplemented } from '../../protocols/query.ts';
import { writeRestJsonError } from '../../protocols/rest-errors.ts';
import {
  type Caller,
  type CreateFunctionInput,
  configurationOf,
  createFunction,
  deleteFunction,
  findFunction,
  invokeFunction,
  updateFunctionCode,
} from './function-operations.ts';
import { httpApiRoute } from './http-api-route.ts';
import { deleteAccountFunctions, lambdaState } from './lambda-state.ts';

/**
 * The Lambda subset (REST-JSON): CreateFunction, GetFunction, ListFunctions, UpdateFunctionCode, Invoke,
 * DeleteFunction. https://docs.aws.amazon.com/lambda/latest/api/API_Operations.html
 */
interface Call {
  ctx: RequestContext;
  caller: Caller;
  name: string;
  body: Record<string, unknown>;
  req: IncomingMessage;
}
type Reply = { status: number; body?: unknown; raw?: Buffer; headers?: Record<string, string> };
type Operation = (call: Call) => Promise<Reply>;

const PREFIX = '/2015-03-31/functions';
// The SDK base64-encodes ZipFile inside the JSON body; deployment packages go up to 50 MB zipped.
const MAX_BODY = 70 * 1024 * 1024;
/** The last 4 KB of the log, as Invoke's LogType=Tail returns it. */
const TAIL_BYTES = 4096;

const zipOf = (code: Record<string, unknown> | undefined) => ({
  ZipFile: typeof code?.ZipFile === 'string' ? Buffer.from(code.ZipFile, 'base64') : undefined,
  S3Bucket: code?.S3Bucket as string | undefined,
  S3Key: code?.S3Key as string | undefined,
});

const operations: Record<string, Operation> = {
  async CreateFunction({ ctx, caller, body }) {
    const name = String(body.FunctionName ?? '');
    ctx.runtime.authorize(ctx, 'lambda:CreateFunction', arnOf(caller, name));
    const input = {
      ...body,
      Code: zipOf(body.Code as Record<string, unknown>),
    } as unknown as CreateFunctionInput;
    return { status: 201, body: configurationOf(await createFunction(ctx.runtime, caller, input)) };
  },
  async GetFunction({ ctx, caller, name }) {
    ctx.runtime.authorize(ctx, 'lambda:GetFunction', arnOf(caller, name));
    const fn = findFunction(ctx.runtime, caller, name);
    return {
      status: 200,
      body: { Configuration: configurationOf(fn), Code: { RepositoryType: 'S3' }, Tags: fn.tags },
    };
  },
  async ListFunctions({ ctx, caller }) {
    ctx.runtime.authorize(ctx, 'lambda:ListFunctions', '*');
    const all = [...lambdaState(ctx.runtime).functions.values()].filter(
      (fn) => fn.accountId === caller.accountId,
    );
    return { status: 200, body: { Functions: all.map(configurationOf) } };
  },
  async UpdateFunctionCode({ ctx, caller, name, body }) {
    ctx.runtime.authorize(ctx, 'lambda:UpdateFunctionCode', arnOf(caller, name));
    return {
      status: 200,
      body: configurationOf(await updateFunctionCode(ctx.runtime, caller, name, zipOf(body))),
    };
  },
  async DeleteFunction({ ctx, caller, name }) {
    ctx.runtime.authorize(ctx, 'lambda:DeleteFunction', arnOf(caller, name));
    deleteFunction(ctx.runtime, caller, name);
    return { status: 204 };
  },
  async Invoke({ ctx, caller, name, req }) {
    ctx.runtime.authorize(ctx, 'lambda:InvokeFunction', arnOf(caller, name));
    const fn = findFunction(ctx.runtime, caller, name);
    const type = String(req.headers['x-amz-invocation-type'] ?? 'RequestResponse');
    if (type === 'DryRun') return { status: 204 };
    const event = ctx.body?.length ? requestJson(ctx.body) : {};
    const running = invokeFunction(ctx.runtime, fn, event);
    if (type === 'Event') {
      // Asynchronous invocation: accepted now, run in the background; errors only reach the function's logs.
      running.catch(() => {});
      return { status: 202 };
    }
    const result = await running;
    const headers: Record<string, string> = { 'x-amz-executed-version': '$LATEST' };
    if (result.functionError) headers['x-amz-function-error'] = result.functionError;
    if (String(req.headers['x-amz-log-type'] ?? '') === 'Tail') {
      headers['x-amz-log-result'] = Buffer.from(result.logs).subarray(-TAIL_BYTES).toString('base64');
    }
    return { status: 200, raw: Buffer.from(JSON.stringify(result.payload ?? null)), headers };
  },
};

function arnOf(caller: Caller, name: string): string {
  return name.startsWith('arn:')
    ? name
    : `arn:aws:lambda:${caller.region}:${caller.accountId}:function:${name}`;
}

/** Maps method + path to an operation name and the function name in the path. */
function route(method: string, path: string): { operation: string; name: string } | undefined {
  if (!path.startsWith(PREFIX)) return undefined;
  const parts = path.slice(PREFIX.length).split('/').filter(Boolean).map(decodeURIComponent);
  const [name = '', sub] = parts;
  if (parts.length === 0) return { operation: method === 'POST' ? 'CreateFunction' : 'ListFunctions', name };
  if (parts.length === 1) {
    if (method === 'GET') return { operation: 'GetFunction', name };
    if (method === 'DELETE') return { operation: 'DeleteFunction', name };
  }
  if (sub === 'code' && method === 'PUT') return { operation: 'UpdateFunctionCode', name };
  if (sub === 'invocations' && method === 'POST') return { operation: 'Invoke', name };
  return { operation: `${method} ${path}`, name };
}

export function createLambdaService(runtime: EmulatorRuntime): Service {
  return {
    signingName: 'lambda',
    protocol: 'rest-json',
    maxBodyBytes: MAX_BODY,
    unsignedRoutes: [httpApiRoute],
    async handle(req, res: ServerResponse, ctx) {
      try {
        const matched = route(req.method ?? 'GET', ctx.url.pathname);
        const operation =
          matched && Object.hasOwn(operations, matched.operation) ? operations[matched.operation] : undefined;
        if (!matched || !operation) throw notImplemented('lambda', matched?.operation ?? ctx.url.pathname);
        const body = matched.operation === 'Invoke' || !ctx.body?.length ? {} : requestObject(ctx.body);
        const caller = { accountId: ctx.principal.accountId, region: ctx.region };
        const reply = await operation({ ctx, caller, name: matched.name, body, req });
        const payload =
          reply.raw ?? (reply.body === undefined ? undefined : Buffer.from(JSON.stringify(reply.body)));
        res.writeHead(reply.status, {
          'content-type': 'application/json',
          'x-amzn-requestid': ctx.requestId,
          ...(payload ? { 'content-length': String(payload.length) } : {}),
          ...reply.headers,
        });
        res.end(payload);
      } catch (error) {
        if (!(error instanceof AwsError)) throw error;
        writeRestJsonError(res, error, ctx.requestId);
      }
    },
    async deleteAccount(accountId) {
      deleteAccountFunctions(lambdaState(runtime), accountId);
    },
    async close() {
      lambdaState(runtime).dispose();
    },
  };
}

/** The JSON a request body holds; anything else is Lambda's InvalidRequestContentException. */
function requestJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw new AwsError(
      'InvalidRequestContentException',
      `Could not parse request body into json: ${(error as Error).message}`,
      400,
    );
  }
}

/** A body that must be a JSON object: every operation's input but Invoke's event. */
function requestObject(body: Buffer): Record<string, unknown> {
  const value = requestJson(body);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new AwsError('InvalidRequestContentException', 'The request body must be a JSON object.', 400);
  }
  return value as Record<string, unknown>;
}
