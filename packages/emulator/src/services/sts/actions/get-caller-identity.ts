import type { RequestContext } from '../../../core/types.ts';

/** https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html — needs no permission. */
export async function getCallerIdentity(_params: unknown, ctx: RequestContext) {
  const { userId, accountId, arn } = ctx.principal;
  return { UserId: userId, Account: accountId, Arn: arn };
}
