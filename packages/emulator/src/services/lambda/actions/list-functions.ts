import type { ListFunctionsCommandInput, ListFunctionsCommandOutput } from '@aws-sdk/client-lambda';
import type { OutputOf } from '../../../core/operation.ts';
import { allow } from '../../../core/operation.ts';
import { configurationOf } from '../function-operations.ts';
import type { LambdaOperation } from '../lambda-action.ts';
import { lambdaState } from '../lambda-state.ts';

/** https://docs.aws.amazon.com/lambda/latest/api/API_ListFunctions.html (one page: every function of the account). */
export const listFunctions: LambdaOperation<
  ListFunctionsCommandInput,
  OutputOf<ListFunctionsCommandOutput>
> = {
  name: 'ListFunctions',
  iamAction: 'lambda:ListFunctions',
  method: 'GET',
  path: '',
  status: 200,
  async handle(_input, ctx, caller) {
    allow(ctx, listFunctions, '*');
    const all = [...lambdaState(ctx.runtime).functions.values()].filter(
      (fn) => fn.accountId === caller.accountId,
    );
    return { Functions: all.map(configurationOf) };
  },
};
