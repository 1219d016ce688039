import type { ServerResponse } from 'node:http';
import { AwsError } from '../../core/aws-error.ts';
import type { EmulatorRuntime, Service } from '../../core/types.ts';
import { notImplemented } from '../../protocols/query.ts';
import { writeRestJsonError } from '../../protocols/rest-errors.ts';
import { createFunction } from './actions/create-function.ts';
import { deleteFunction } from './actions/delete-function.ts';
import { getFunction } from './actions/get-function.ts';
import { invoke } from './actions/invoke.ts';
import { listFunctions } from './actions/list-functions.ts';
import { updateFunctionCode } from './actions/update-function-code.ts';
import { httpApiRoute } from './http-api-route.ts';
import type { AnyLambdaAction, LambdaReply } from './lambda-action.ts';
import { deleteAccountFunctions, lambdaState } from './lambda-state.ts';
import { jsonInput } from './request-json.ts';

/** Every Lambda operation the emulator serves, one file each in actions/; routed by method and path. */
const actions: AnyLambdaAction[] = [
  createFunction,
  getFunction,
  listFunctions,
  updateFunctionCode,
  deleteFunction,
  invoke,
];

const PREFIX = '/2015-03-31/functions';
// The SDK base64-encodes ZipFile inside the JSON body; deployment packages go up to 50 MB zipped.
const MAX_BODY = 70 * 1024 * 1024;

/** The action for method + path, and the function name in the path. */
function route(method: string, path: string): { action: AnyLambdaAction; functionName: string } | undefined {
  if (!path.startsWith(PREFIX)) return undefined;
  const [functionName = '', ...rest] = path
    .slice(PREFIX.length)
    .split('/')
    .filter(Boolean)
    .map(decodeURIComponent);
  const shape = functionName ? `/{FunctionName}${rest.map((part) => `/${part}`).join('')}` : '';
  const action = actions.find((a) => a.method === method && a.path === shape);
  return action && { action, functionName };
}

/**
 * The Lambda subset over REST-JSON: CreateFunction, GetFunction, ListFunctions, UpdateFunctionCode, Invoke,
 * DeleteFunction. https://docs.aws.amazon.com/lambda/latest/api/API_Operations.html
 */
export function createLambdaService(runtime: EmulatorRuntime): Service {
  return {
    signingName: 'lambda',
    protocol: 'rest-json',
    maxBodyBytes: MAX_BODY,
    unsignedRoutes: [httpApiRoute],
    async handle(req, res: ServerResponse, ctx) {
      try {
        const matched = route(req.method ?? 'GET', ctx.url.pathname);
        if (!matched) throw notImplemented('lambda', `${req.method} ${ctx.url.pathname}`);
        const { action, functionName } = matched;
        const request = {
          functionName,
          body: ctx.body ?? Buffer.alloc(0),
          header: (name: string) => {
            const value = req.headers[name];
            return value === undefined ? undefined : String(value);
          },
        };
        const input = action.input ? action.input(request) : jsonInput(request);
        const caller = { accountId: ctx.principal.accountId, region: ctx.region };
        const output = await action.handle(input, ctx, caller);
        writeReply(
          res,
          action.reply ? action.reply(output) : { status: action.status, json: output },
          ctx.requestId,
        );
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

function writeReply(res: ServerResponse, reply: LambdaReply, requestId: string): void {
  // A 204 has no body (DeleteFunction, a DryRun Invoke).
  const payload =
    reply.raw ??
    (reply.json === undefined || reply.status === 204 ? undefined : Buffer.from(JSON.stringify(reply.json)));
  res.writeHead(reply.status, {
    'content-type': 'application/json',
    'x-amzn-requestid': requestId,
    ...(payload ? { 'content-length': String(payload.length) } : {}),
    ...reply.headers,
  });
  res.end(payload);
}
