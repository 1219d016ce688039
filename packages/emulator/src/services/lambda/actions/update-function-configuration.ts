import type {
  UpdateFunctionConfigurationCommandInput,
  UpdateFunctionConfigurationCommandOutput,
} from '@aws-sdk/client-lambda';
import type { OutputOf } from '../../../core/operation.ts';
import { allow } from '../../../core/operation.ts';
import {
  configurationOf,
  findFunction,
  updateFunctionConfiguration as replaceSettings,
} from '../function-operations.ts';
import { functionArnOf, type LambdaOperation } from '../lambda-action.ts';

/**
 * `aws lambda update-function-configuration --timeout 10` and the like: members left out keep their values.
 * https://docs.aws.amazon.com/lambda/latest/api/API_UpdateFunctionConfiguration.html
 */
export const updateFunctionConfiguration: LambdaOperation<
  UpdateFunctionConfigurationCommandInput,
  OutputOf<UpdateFunctionConfigurationCommandOutput>
> = {
  name: 'UpdateFunctionConfiguration',
  iamAction: 'lambda:UpdateFunctionConfiguration',
  method: 'PUT',
  path: '/{FunctionName}/configuration',
  status: 200,
  async handle({ FunctionName = '', ...changes }, ctx, caller) {
    allow(ctx, updateFunctionConfiguration, functionArnOf(caller, FunctionName));
    const current = configurationOf(findFunction(ctx.runtime, caller, FunctionName));
    const updated = replaceSettings(ctx.runtime, caller, FunctionName, {
      Runtime: changes.Runtime ?? current.Runtime,
      Handler: changes.Handler ?? current.Handler,
      Role: changes.Role ?? current.Role,
      Description: changes.Description ?? current.Description,
      Timeout: changes.Timeout ?? current.Timeout,
      MemorySize: changes.MemorySize ?? current.MemorySize,
      Environment: changes.Environment ?? current.Environment,
    });
    return configurationOf(updated);
  },
};
