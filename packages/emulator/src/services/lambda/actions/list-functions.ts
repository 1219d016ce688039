import type { ListFunctionsCommandInput, ListFunctionsCommandOutput } from '@aws-sdk/client-lambda';
import { configurationOf } from '../function-operations.ts';
import type { LambdaAction, OutputOf } from '../lambda-action.ts';
import { lambdaState } from '../lambda-state.ts';

/** https://docs.aws.amazon.com/lambda/latest/api/API_ListFunctions.html (one page: every function of the account). */
export const listFunctions: LambdaAction<ListFunctionsCommandInput, OutputOf<ListFunctionsCommandOutput>> = {
  name: 'ListFunctions',
  method: 'GET',
  path: '',
  status: 200,
  async handle(_input, ctx, caller) {
    ctx.runtime.authorize(ctx, 'lambda:ListFunctions', '*');
    const all = [...lambdaState(ctx.runtime).functions.values()].filter(
      (fn) => fn.accountId === caller.accountId,
    );
    return { Functions: all.map(configurationOf) };
  },
};
