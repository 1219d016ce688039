import type { DescribeStackResourcesOutput } from '@aws-sdk/client-cloudformation';
import type { RequestContext } from '../../../core/types.ts';
import type { QueryParams } from '../../../protocols/query.ts';
import { findStack } from '../query-input.ts';

/** https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DescribeStackResources.html */
export async function describeStackResources(
  params: QueryParams,
  ctx: RequestContext,
): Promise<DescribeStackResourcesOutput> {
  const stack = findStack(ctx, params.StackName);
  ctx.runtime.authorize(ctx, 'cloudformation:DescribeStackResources', stack.stackId);
  return {
    StackResources: [...stack.resources.values()]
      .filter((r) => !params.LogicalResourceId || r.logicalId === params.LogicalResourceId)
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
