import type { GetCallerIdentityResponse } from '@aws-sdk/client-sts';

import type { StsOperation } from '../sts-operation.ts';

/** https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html — needs no permission. */
export const getCallerIdentity: StsOperation<GetCallerIdentityResponse> = {
  name: 'GetCallerIdentity',
  iamAction: null,
  async handle(_params, ctx) {
    const { userId, accountId, arn } = ctx.principal;
    return { UserId: userId, Account: accountId, Arn: arn };
  },
};
