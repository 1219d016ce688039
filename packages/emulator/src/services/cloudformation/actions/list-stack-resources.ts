import type { ListStackResourcesInput, ListStackResourcesOutput } from '@aws-sdk/client-cloudformation';
import { allow } from '../../../core/operation.ts';
import type { CloudFormationOperation } from '../cloudformation-operation.ts';
import { findStack } from '../query-input.ts';

/** https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_ListStackResources.html */
export const listStackResources: CloudFormationOperation<ListStackResourcesInput, ListStackResourcesOutput> =
  {
    name: 'ListStackResources',
    iamAction: 'cloudformation:ListStackResources',
    async handle(input, ctx) {
      const stack = findStack(ctx, input.StackName);
      allow(ctx, listStackResources, stack.stackId);
      return {
        StackResourceSummaries: [...stack.resources.values()].map((r) => ({
          LogicalResourceId: r.logicalId,
          PhysicalResourceId: r.physicalId,
          ResourceType: r.type,
          LastUpdatedTimestamp: r.timestamp,
          ResourceStatus: r.status,
        })),
      };
    },
  };
