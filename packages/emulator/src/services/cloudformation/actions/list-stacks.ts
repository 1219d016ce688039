import type { ListStacksInput, ListStacksOutput, StackStatus } from '@aws-sdk/client-cloudformation';
import { allow } from '../../../core/operation.ts';
import type { CloudFormationOperation } from '../cloudformation-operation.ts';
import { listOf } from '../query-input.ts';
import { stacksOf } from '../stack-state.ts';

/** https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_ListStacks.html (deleted stacks are not kept) */
export const listStacks: CloudFormationOperation<ListStacksInput, ListStacksOutput> = {
  name: 'ListStacks',
  iamAction: 'cloudformation:ListStacks',
  async handle(input, ctx) {
    allow(ctx, listStacks, '*');
    const filter = new Set<string>(listOf(input.StackStatusFilter));
    return {
      StackSummaries: [...stacksOf(ctx.runtime).values()]
        .filter((s) => s.accountId === ctx.principal.accountId && (filter.size === 0 || filter.has(s.status)))
        .map((s) => ({
          StackId: s.stackId,
          StackName: s.name,
          CreationTime: s.creationTime,
          ...(s.lastUpdatedTime ? { LastUpdatedTime: s.lastUpdatedTime } : {}),
          StackStatus: s.status as StackStatus,
          ...(s.reason ? { StackStatusReason: s.reason } : {}),
          ...(s.description ? { TemplateDescription: s.description } : {}),
        })),
    };
  },
};
