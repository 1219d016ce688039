import type { DescribeStackResourceInput, DescribeStackResourceOutput } from '@aws-sdk/client-cloudformation';
import { AwsError } from '../../../core/aws-error.ts';
import { allow } from '../../../core/operation.ts';
import type { CloudFormationOperation } from '../cloudformation-operation.ts';
import { findStack } from '../query-input.ts';

/** https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DescribeStackResource.html */
export const describeStackResource: CloudFormationOperation<
  DescribeStackResourceInput,
  DescribeStackResourceOutput
> = {
  name: 'DescribeStackResource',
  iamAction: 'cloudformation:DescribeStackResource',
  async handle(input, ctx) {
    const stack = findStack(ctx, input.StackName);
    allow(ctx, describeStackResource, stack.stackId);
    const resource = stack.resources.get(input.LogicalResourceId ?? '');
    if (!resource) {
      throw new AwsError(
        'ValidationError',
        `Resource ${input.LogicalResourceId} does not exist for stack ${stack.name}`,
      );
    }
    return {
      StackResourceDetail: {
        StackName: stack.name,
        StackId: stack.stackId,
        LogicalResourceId: resource.logicalId,
        PhysicalResourceId: resource.physicalId,
        ResourceType: resource.type,
        LastUpdatedTimestamp: resource.timestamp,
        ResourceStatus: resource.status,
      },
    };
  },
};
