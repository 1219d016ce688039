import type {
  DescribeStackResourcesInput,
  DescribeStackResourcesOutput,
} from '@aws-sdk/client-cloudformation';
import type { RequestContext } from '../../../core/types.ts';
import { findStack } from '../query-input.ts';

/** https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DescribeStackResources.html */
export async function describeStackResources(
  input: DescribeStackResourcesInput,
  ctx: RequestContext,
): Promise<DescribeStackResourcesOutput> {
  const stack = findStack(ctx, input.StackName);
  ctx.runtime.authorize(ctx, 'cloudformation:DescribeStackResources', stack.stackId);
  return {
    StackResources: [...stack.resources.values()]
      .filter((r) => !input.LogicalResourceId || r.logicalId === input.LogicalResourceId)
      .map((r) => ({
        StackName: stack.name,
        StackId: stack.stackId,
        LogicalResourceId: r.logicalId,
        PhysicalResourceId: r.physicalId,
        ResourceType: r.type,
        Timestamp: r.timestamp,
        ResourceStatus: r.status,
      })),
  };
}
