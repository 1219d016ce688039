import type {
  DescribeStackEventsInput,
  DescribeStackEventsOutput,
  ResourceStatus,
} from '@aws-sdk/client-cloudformation';
import type { RequestContext } from '../../../core/types.ts';
import { findStack } from '../query-input.ts';

/** https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DescribeStackEvents.html (newest first) */
export async function describeStackEvents(
  input: DescribeStackEventsInput,
  ctx: RequestContext,
): Promise<DescribeStackEventsOutput> {
  const stack = findStack(ctx, input.StackName);
  ctx.runtime.authorize(ctx, 'cloudformation:DescribeStackEvents', stack.stackId);
  return {
    StackEvents: [...stack.events].reverse().map((e) => ({
      StackId: stack.stackId,
      EventId: e.eventId,
      StackName: stack.name,
      LogicalResourceId: e.logicalId,
      PhysicalResourceId: e.physicalId,
      ResourceType: e.type,
      Timestamp: e.timestamp,
      ResourceStatus: e.status as ResourceStatus,
      ...(e.reason ? { ResourceStatusReason: e.reason } : {}),
    })),
  };
}
