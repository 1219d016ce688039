import type { ListChangeSetsInput, ListChangeSetsOutput } from '@aws-sdk/client-cloudformation';
import type { RequestContext } from '../../../core/types.ts';
import { findStack } from '../query-input.ts';

/** https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_ListChangeSets.html */
export async function listChangeSets(
  input: ListChangeSetsInput,
  ctx: RequestContext,
): Promise<ListChangeSetsOutput> {
  const stack = findStack(ctx, input.StackName);
  ctx.runtime.authorize(ctx, 'cloudformation:ListChangeSets', stack.stackId);
  return {
    Summaries: [...stack.changeSets.values()].map((c) => ({
      StackId: stack.stackId,
      StackName: stack.name,
      ChangeSetId: c.id,
      ChangeSetName: c.name,
      ExecutionStatus: c.executionStatus,
      Status: c.status,
      ...(c.statusReason ? { StatusReason: c.statusReason } : {}),
      CreationTime: c.creationTime,
      ...(c.description ? { Description: c.description } : {}),
    })),
  };
}
