import type { DeleteChangeSetInput, DeleteChangeSetOutput } from '@aws-sdk/client-cloudformation';
import { AwsError } from '../../../core/aws-error.ts';
import { allow } from '../../../core/operation.ts';
import { findChangeSet } from '../change-sets.ts';
import type { CloudFormationOperation } from '../cloudformation-operation.ts';

/** https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DeleteChangeSet.html */
export const deleteChangeSet: CloudFormationOperation<DeleteChangeSetInput, DeleteChangeSetOutput> = {
  name: 'DeleteChangeSet',
  iamAction: 'cloudformation:DeleteChangeSet',
  async handle(input, ctx) {
    const { stack, changeSet } = findChangeSet(ctx, input);
    allow(ctx, deleteChangeSet, stack.stackId);
    if (changeSet.executionStatus === 'EXECUTE_IN_PROGRESS') {
      throw new AwsError(
        'InvalidChangeSetStatus',
        `ChangeSet [${changeSet.id}] cannot be deleted in its current execution status of [EXECUTE_IN_PROGRESS]`,
      );
    }
    stack.changeSets.delete(changeSet.name);
    return {};
  },
};
