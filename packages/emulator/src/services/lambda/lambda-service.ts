import { AwsError } from '../../core/aws-error.ts';
import { registryOf } from '../../core/operation.ts';
import type { EmulatorRuntime, Service } from '../../core/types.ts';
import { headerOf } from '../../core/wire.ts';
import { notImplemented } from '../../protocols/not-implemented.ts';
import { restJsonError, restJsonResponse } from '../../protocols/rest-json.ts';
import * as actions from './actions/index.ts';
import { httpApiRoute } from './http-api-route.ts';
import type { AnyLambdaOperation, LambdaReply, LambdaRequest } from './lambda-action.ts';
import { lambdaShape } from './lambda-shape.ts';
import { deleteAccountFunctions, lambdaState } from './lambda-state.ts';
import { jsonInput } from './request-json.ts';

/** Every Lambda operation the emulator serves, one file each in actions/; routed by method and path. */
const operations = [...registryOf<AnyLambdaOperation>(actions).values()];

const PREFIX = '/2015-03-31/functions';

/** The action for method + path, and the function name in the path. */
function route(
  method: string,
  path: string,
): { action: AnyLambdaOperation; functionName: string } | undefined {
  if (!path.startsWith(PREFIX)) return undefined;
  const [functionName = '', ...rest] = path
    .slice(PREFIX.length)
    .split('/')
    .filter(Boolean)
    .map(decodeURIComponent);
  const shape = functionName ? `/{FunctionName}${rest.map((part) => `/${part}`).join('')}` : '';
  const action = operations.find((a) => a.method === method && a.path === shape);
  return action && { action, functionName };
}

/**
 * The Lambda subset over REST-JSON: CreateFunction, GetFunction(Configuration), ListFunctions,
 * UpdateFunction(Code|Configuration), Invoke, DeleteFunction. https://docs.aws.amazon.com/lambda/latest/api/API_Operations.html
 */
export function createLambdaService(runtime: EmulatorRuntime): Service {
  return {
    ...lambdaShape,
    unsignedRoutes: [httpApiRoute],
    async handle(request, ctx) {
      try {
        const matched = route(request.method, ctx.url.pathname);
        if (!matched) throw notImplemented('lambda', `${request.method} ${ctx.url.pathname}`);
        const { action, functionName } = matched;
        const lambdaRequest: LambdaRequest = {
          functionName,
          body: ctx.body ?? Buffer.alloc(0),
          header: (name: string) => headerOf(request, name),
        };
        const input = action.input ? action.input(lambdaRequest) : jsonInput(lambdaRequest);
        const caller = { accountId: ctx.principal.accountId, region: ctx.region };
        const output = await action.handle(input, ctx, caller);
        const reply: LambdaReply = action.reply
          ? action.reply(output)
          : { status: action.status, json: output };
        return restJsonResponse(reply.status, reply.json, ctx.requestId, reply);
      } catch (error) {
        if (!(error instanceof AwsError)) throw error;
        return restJsonError(error, ctx.requestId);
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
