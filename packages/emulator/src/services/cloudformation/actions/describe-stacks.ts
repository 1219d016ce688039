import type { DescribeStacksOutput } from '@aws-sdk/client-cloudformation';
import type { RequestContext } from '../../../core/types.ts';
import type { QueryParams } from '../../../protocols/query.ts';
import { findStack, stackOutput } from '../query-input.ts';
import { stacksOf } from '../stack-state.ts';

/** https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DescribeStacks.html */
export async function describeStacks(
  params: QueryParams,
  ctx: RequestContext,
): Promise<DescribeStacksOutput> {
  ctx.runtime.authorize(ctx, 'cloudformation:DescribeStacks', '*');
  const stacks = params.StackName
    ? [findStack(ctx, params.StackName)]
    : [...stacksOf(ctx.runtime).values()].filter((s) => s.accountId === ctx.principal.accountId);
  return { Stacks: stacks.map(stackOutput) };
}
