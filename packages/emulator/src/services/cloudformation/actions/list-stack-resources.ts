import type { ListStackResourcesInput, ListStackResourcesOutput } from '@aws-sdk/client-cloudformation';
import type { RequestContext } from '../../../core/types.ts';
import { findStack } from '../query-input.ts';

/** https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_ListStackResources.html */
export async function listStackResources(
  input: ListStackResourcesInput,
  ctx: RequestContext,
): Promise<ListStackResourcesOutput> {
  const stack = findStack(ctx, input.StackName);
  ctx.runtime.authorize(ctx, 'cloudformation:ListStackResources', stack.stackId);
  return {
    StackResourceSummaries: [...stack.resources.values()].map((r) => ({
      LogicalResourceId: r.logicalId,
      PhysicalResourceId: r.physicalId,
      ResourceType: r.type,
      LastUpdatedTimestamp: r.timestamp,
      ResourceStatus: r.status,
    })),
  };
}
