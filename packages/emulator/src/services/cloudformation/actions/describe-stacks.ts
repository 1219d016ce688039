import type { DescribeStacksInput, DescribeStacksOutput } from '@aws-sdk/client-cloudformation';
import { allow } from '../../../core/operation.ts';
import type { CloudFormationOperation } from '../cloudformation-operation.ts';
import { findStack, stackOutput } from '../query-input.ts';
import { stacksOf } from '../stack-state.ts';

/** https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DescribeStacks.html */
export const describeStacks: CloudFormationOperation<DescribeStacksInput, DescribeStacksOutput> = {
  name: 'DescribeStacks',
  iamAction: 'cloudformation:DescribeStacks',
  async handle(input, ctx) {
    allow(ctx, describeStacks, '*');
    const stacks = input.StackName
      ? [findStack(ctx, input.StackName)]
      : [...stacksOf(ctx.runtime).values()].filter((s) => s.accountId === ctx.principal.accountId);
    return { Stacks: stacks.map(stackOutput) };
  },
};
