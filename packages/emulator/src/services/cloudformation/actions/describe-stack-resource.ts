import type { DescribeStackResourceInput, DescribeStackResourceOutput } from '@aws-sdk/client-cloudformation';
import { AwsError } from '../../../core/aws-error.ts';
import type { RequestContext } from '../../../core/types.ts';
import { findStack } from '../query-input.ts';

/** https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DescribeStackResource.html */
export async function describeStackResource(
  input: DescribeStackResourceInput,
  ctx: RequestContext,
): Promise<DescribeStackResourceOutput> {
  const stack = findStack(ctx, input.StackName);
  ctx.runtime.authorize(ctx, 'cloudformation:DescribeStackResource', stack.stackId);
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
}
