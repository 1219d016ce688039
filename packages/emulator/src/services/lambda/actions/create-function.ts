import type { CreateFunctionCommandInput, CreateFunctionCommandOutput } from '@aws-sdk/client-lambda';
import type { OutputOf } from '../../../core/operation.ts';
import { allow } from '../../../core/operation.ts';
import { configurationOf, createFunction as createFunctionRecord } from '../function-operations.ts';
import { functionArnOf, type LambdaOperation } from '../lambda-action.ts';
import { functionCodeOf, jsonInput } from '../request-json.ts';

/** https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html */
export const createFunction: LambdaOperation<
  CreateFunctionCommandInput,
  OutputOf<CreateFunctionCommandOutput>
> = {
  name: 'CreateFunction',
  iamAction: 'lambda:CreateFunction',
  method: 'POST',
  path: '',
  status: 201,
  input(request) {
    const input = jsonInput<CreateFunctionCommandInput>(request);
    return { ...input, Code: functionCodeOf(input.Code) };
  },
  async handle(input, ctx, caller) {
    allow(ctx, createFunction, functionArnOf(caller, String(input.FunctionName ?? '')));
    return configurationOf(await createFunctionRecord(ctx.runtime, caller, input));
  },
};
