import type {
  GetFunctionConfigurationCommandInput,
  GetFunctionConfigurationCommandOutput,
} from '@aws-sdk/client-lambda';
import type { OutputOf } from '../../../core/operation.ts';
import { allow } from '../../../core/operation.ts';
import { configurationOf, findFunction } from '../function-operations.ts';
import { functionArnOf, type LambdaOperation } from '../lambda-action.ts';

/**
 * What `aws lambda get-function-configuration` reads (a function's settings and environment).
 * https://docs.aws.amazon.com/lambda/latest/api/API_GetFunctionConfiguration.html
 */
export const getFunctionConfiguration: LambdaOperation<
  GetFunctionConfigurationCommandInput,
  OutputOf<GetFunctionConfigurationCommandOutput>
> = {
  name: 'GetFunctionConfiguration',
  iamAction: 'lambda:GetFunctionConfiguration',
  method: 'GET',
  path: '/{FunctionName}/configuration',
  status: 200,
  async handle({ FunctionName = '' }, ctx, caller) {
    allow(ctx, getFunctionConfiguration, functionArnOf(caller, FunctionName));
    return configurationOf(findFunction(ctx.runtime, caller, FunctionName));
  },
};
