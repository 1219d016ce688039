import type { DeleteFunctionCommandInput, DeleteFunctionCommandOutput } from '@aws-sdk/client-lambda';
import { deleteFunction as removeFunction } from '../function-operations.ts';
import { functionArnOf, type LambdaAction, type OutputOf } from '../lambda-action.ts';

/** https://docs.aws.amazon.com/lambda/latest/api/API_DeleteFunction.html */
export const deleteFunction: LambdaAction<
  DeleteFunctionCommandInput,
  OutputOf<DeleteFunctionCommandOutput>
> = {
  name: 'DeleteFunction',
  method: 'DELETE',
  path: '/{FunctionName}',
  status: 204,
  async handle({ FunctionName = '' }, ctx, caller) {
    ctx.runtime.authorize(ctx, 'lambda:DeleteFunction', functionArnOf(caller, FunctionName));
    removeFunction(ctx.runtime, caller, FunctionName);
    return {};
  },
};
