import type { ListStacksInput, ListStacksOutput, StackStatus } from '@aws-sdk/client-cloudformation';
import type { RequestContext } from '../../../core/types.ts';
import { listOf } from '../query-input.ts';
import { stacksOf } from '../stack-state.ts';

/** https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_ListStacks.html (deleted stacks are not kept) */
export async function listStacks(input: ListStacksInput, ctx: RequestContext): Promise<ListStacksOutput> {
  ctx.runtime.authorize(ctx, 'cloudformation:ListStacks', '*');
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
}
