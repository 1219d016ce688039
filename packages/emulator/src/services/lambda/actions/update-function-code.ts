import type { UpdateFunctionCodeCommandInput, UpdateFunctionCodeCommandOutput } from '@aws-sdk/client-lambda';
import type { OutputOf } from '../../../core/operation.ts';
import { allow } from '../../../core/operation.ts';
import { configurationOf, updateFunctionCode as replaceCode } from '../function-operations.ts';
import { functionArnOf, type LambdaOperation } from '../lambda-action.ts';
import { functionCodeOf, jsonInput } from '../request-json.ts';

/** https://docs.aws.amazon.com/lambda/latest/api/API_UpdateFunctionCode.html */
export const updateFunctionCode: LambdaOperation<
  UpdateFunctionCodeCommandInput,
  OutputOf<UpdateFunctionCodeCommandOutput>
> = {
  name: 'UpdateFunctionCode',
  iamAction: 'lambda:UpdateFunctionCode',
  method: 'PUT',
  path: '/{FunctionName}/code',
  status: 200,
  input(request) {
    const input = jsonInput<UpdateFunctionCodeCommandInput>(request);
    return { ...functionCodeOf(input), FunctionName: input.FunctionName };
  },
  async handle({ FunctionName = '', ...code }, ctx, caller) {
    allow(ctx, updateFunctionCode, functionArnOf(caller, FunctionName));
    return configurationOf(await replaceCode(ctx.runtime, caller, FunctionName, code));
  },
};
