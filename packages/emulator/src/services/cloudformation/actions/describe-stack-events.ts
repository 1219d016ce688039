import type {
  DescribeStackEventsInput,
  DescribeStackEventsOutput,
  ResourceStatus,
} from '@aws-sdk/client-cloudformation';
import { allow } from '../../../core/operation.ts';
import type { CloudFormationOperation } from '../cloudformation-operation.ts';
import { findStack } from '../query-input.ts';

/** https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DescribeStackEvents.html (newest first) */
export const describeStackEvents: CloudFormationOperation<
  DescribeStackEventsInput,
  DescribeStackEventsOutput
> = {
  name: 'DescribeStackEvents',
  iamAction: 'cloudformation:DescribeStackEvents',
  async handle(input, ctx) {
    const stack = findStack(ctx, input.StackName);
    allow(ctx, describeStackEvents, stack.stackId);
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
  },
};
