import type {
  ListStacksInput,
  ListStacksOutput,
  StackStatus,
  StackSummary,
} from '@aws-sdk/client-cloudformation';
import { allow } from '../../../core/operation.ts';
import type { CloudFormationOperation } from '../cloudformation-operation.ts';
import { listOf } from '../query-input.ts';
import { type DeletedStack, deletedStacksOf, type Stack, stacksOf } from '../stack-state.ts';

/**
 * Live stacks, then deleted ones as DELETE_COMPLETE with their DeletionTime, as `aws cloudformation list-stacks`
 * shows them after a delete-stack. https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_ListStacks.html
 */
export const listStacks: CloudFormationOperation<ListStacksInput, ListStacksOutput> = {
  name: 'ListStacks',
  iamAction: 'cloudformation:ListStacks',
  async handle(input, ctx) {
    allow(ctx, listStacks, '*');
    const filter = new Set<string>(listOf(input.StackStatusFilter));
    const summaries = [
      ...[...stacksOf(ctx.runtime).values()].map(liveSummary),
      ...deletedStacksOf(ctx.runtime).map(deletedSummary),
    ];
    return {
      StackSummaries: summaries
        .filter(({ accountId }) => accountId === ctx.principal.accountId)
        .map(({ summary }) => summary)
        .filter((summary) => filter.size === 0 || filter.has(summary.StackStatus ?? '')),
    };
  },
};

/** What a live stack and a deleted one report alike. */
const commonSummary = (s: Stack | DeletedStack) => ({
  StackId: s.stackId,
  StackName: s.name,
  CreationTime: s.creationTime,
  ...(s.lastUpdatedTime ? { LastUpdatedTime: s.lastUpdatedTime } : {}),
  ...(s.description ? { TemplateDescription: s.description } : {}),
});

const liveSummary = (s: Stack) => ({
  accountId: s.accountId,
  summary: {
    ...commonSummary(s),
    StackStatus: s.status as StackStatus,
    ...(s.reason ? { StackStatusReason: s.reason } : {}),
  } satisfies StackSummary,
});

const deletedSummary = (s: DeletedStack) => ({
  accountId: s.accountId,
  summary: {
    ...commonSummary(s),
    DeletionTime: s.deletionTime,
    StackStatus: 'DELETE_COMPLETE',
  } satisfies StackSummary,
});
