import type { DeleteFunctionCommandInput, DeleteFunctionCommandOutput } from '@aws-sdk/client-lambda';
import type { OutputOf } from '../../../core/operation.ts';
import { allow } from '../../../core/operation.ts';
import { deleteFunction as removeFunction } from '../function-operations.ts';
import { functionArnOf, type LambdaOperation } from '../lambda-action.ts';

/** https://docs.aws.amazon.com/lambda/latest/api/API_DeleteFunction.html */
export const deleteFunction: LambdaOperation<
  DeleteFunctionCommandInput,
  OutputOf<DeleteFunctionCommandOutput>
> = {
  name: 'DeleteFunction',
  iamAction: 'lambda:DeleteFunction',
  method: 'DELETE',
  path: '/{FunctionName}',
  status: 204,
  async handle({ FunctionName = '' }, ctx, caller) {
    allow(ctx, deleteFunction, functionArnOf(caller, FunctionName));
    removeFunction(ctx.runtime, caller, FunctionName);
    return {};
  },
};
