import type {
  DescribeStackResourcesInput,
  DescribeStackResourcesOutput,
} from '@aws-sdk/client-cloudformation';
import { allow } from '../../../core/operation.ts';
import type { CloudFormationOperation } from '../cloudformation-operation.ts';
import { findStack } from '../query-input.ts';

/** https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DescribeStackResources.html */
export const describeStackResources: CloudFormationOperation<
  DescribeStackResourcesInput,
  DescribeStackResourcesOutput
> = {
  name: 'DescribeStackResources',
  iamAction: 'cloudformation:DescribeStackResources',
  async handle(input, ctx) {
    const stack = findStack(ctx, input.StackName);
    allow(ctx, describeStackResources, stack.stackId);
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
  },
};
