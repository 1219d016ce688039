import type { GetFunctionCommandInput, GetFunctionCommandOutput } from '@aws-sdk/client-lambda';
import { configurationOf, findFunction } from '../function-operations.ts';
import { functionArnOf, type LambdaAction, type OutputOf } from '../lambda-action.ts';

/** https://docs.aws.amazon.com/lambda/latest/api/API_GetFunction.html */
export const getFunction: LambdaAction<GetFunctionCommandInput, OutputOf<GetFunctionCommandOutput>> = {
  name: 'GetFunction',
  method: 'GET',
  path: '/{FunctionName}',
  status: 200,
  async handle({ FunctionName = '' }, ctx, caller) {
    ctx.runtime.authorize(ctx, 'lambda:GetFunction', functionArnOf(caller, FunctionName));
    const fn = findFunction(ctx.runtime, caller, FunctionName);
    return { Configuration: configurationOf(fn), Code: { RepositoryType: 'S3' }, Tags: fn.tags };
  },
};
