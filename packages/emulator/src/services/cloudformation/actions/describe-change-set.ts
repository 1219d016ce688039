import type { DescribeChangeSetInput, DescribeChangeSetOutput } from '@aws-sdk/client-cloudformation';
import { allow } from '../../../core/operation.ts';
import { findChangeSet } from '../change-sets.ts';
import type { CloudFormationOperation } from '../cloudformation-operation.ts';
import { parameterList } from '../query-input.ts';

/** https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DescribeChangeSet.html */
export const describeChangeSet: CloudFormationOperation<DescribeChangeSetInput, DescribeChangeSetOutput> = {
  name: 'DescribeChangeSet',
  iamAction: 'cloudformation:DescribeChangeSet',
  async handle(input, ctx) {
    const { stack, changeSet } = findChangeSet(ctx, input);
    allow(ctx, describeChangeSet, stack.stackId);
    return {
      ChangeSetName: changeSet.name,
      ChangeSetId: changeSet.id,
      StackId: stack.stackId,
      StackName: stack.name,
      ...(changeSet.description ? { Description: changeSet.description } : {}),
      Parameters: parameterList(changeSet.parameters),
      CreationTime: changeSet.creationTime,
      ExecutionStatus: changeSet.executionStatus,
      Status: changeSet.status,
      ...(changeSet.statusReason ? { StatusReason: changeSet.statusReason } : {}),
      Capabilities: changeSet.capabilities as DescribeChangeSetOutput['Capabilities'],
      Tags: changeSet.tags,
      Changes: changeSet.changes.map((change) => ({
        Type: 'Resource',
        ResourceChange: { ...change, Scope: [], Details: [] },
      })),
    };
  },
};
