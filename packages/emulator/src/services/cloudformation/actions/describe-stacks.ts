import type { DescribeStacksInput, DescribeStacksOutput } from '@aws-sdk/client-cloudformation';
import type { RequestContext } from '../../../core/types.ts';
import { findStack, stackOutput } from '../query-input.ts';
import { stacksOf } from '../stack-state.ts';

/** https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DescribeStacks.html */
export async function describeStacks(
  input: DescribeStacksInput,
  ctx: RequestContext,
): Promise<DescribeStacksOutput> {
  ctx.runtime.authorize(ctx, 'cloudformation:DescribeStacks', '*');
  const stacks = input.StackName
    ? [findStack(ctx, input.StackName)]
    : [...stacksOf(ctx.runtime).values()].filter((s) => s.accountId === ctx.principal.accountId);
  return { Stacks: stacks.map(stackOutput) };
}
