import type { ListChangeSetsInput, ListChangeSetsOutput } from '@aws-sdk/client-cloudformation';
import { allow } from '../../../core/operation.ts';
import type { CloudFormationOperation } from '../cloudformation-operation.ts';
import { findStack } from '../query-input.ts';

/** https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_ListChangeSets.html */
export const listChangeSets: CloudFormationOperation<ListChangeSetsInput, ListChangeSetsOutput> = {
  name: 'ListChangeSets',
  iamAction: 'cloudformation:ListChangeSets',
  async handle(input, ctx) {
    const stack = findStack(ctx, input.StackName);
    allow(ctx, listChangeSets, stack.stackId);
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
  },
};
