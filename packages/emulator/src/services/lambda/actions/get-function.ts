import type { GetFunctionCommandInput, GetFunctionCommandOutput } from '@aws-sdk/client-lambda';
import type { OutputOf } from '../../../core/operation.ts';
import { allow } from '../../../core/operation.ts';
import { configurationOf, findFunction } from '../function-operations.ts';
import { functionArnOf, type LambdaOperation } from '../lambda-action.ts';

/** https://docs.aws.amazon.com/lambda/latest/api/API_GetFunction.html */
export const getFunction: LambdaOperation<GetFunctionCommandInput, OutputOf<GetFunctionCommandOutput>> = {
  name: 'GetFunction',
  iamAction: 'lambda:GetFunction',
  method: 'GET',
  path: '/{FunctionName}',
  status: 200,
  async handle({ FunctionName = '' }, ctx, caller) {
    allow(ctx, getFunction, functionArnOf(caller, FunctionName));
    const fn = findFunction(ctx.runtime, caller, FunctionName);
    return { Configuration: configurationOf(fn), Code: { RepositoryType: 'S3' }, Tags: fn.tags };
  },
};
