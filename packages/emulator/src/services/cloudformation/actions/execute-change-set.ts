import type { ExecuteChangeSetInput, ExecuteChangeSetOutput } from '@aws-sdk/client-cloudformation';
import { AwsError } from '../../../core/aws-error.ts';
import { allow } from '../../../core/operation.ts';
import { findChangeSet } from '../change-sets.ts';
import type { CloudFormationOperation } from '../cloudformation-operation.ts';
import { deployStack } from '../stack-engine.ts';
import { chargeStackOperation } from '../stack-operation-bytes.ts';

/**
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_ExecuteChangeSet.html
 * Runs the stack operation the change set describes (with rollback on failure, as a stack operation does);
 * every other change set of the stack is then OBSOLETE.
 */
export const executeChangeSet: CloudFormationOperation<ExecuteChangeSetInput, ExecuteChangeSetOutput> = {
  name: 'ExecuteChangeSet',
  iamAction: 'cloudformation:ExecuteChangeSet',
  async handle(input, ctx) {
    const { stack, changeSet } = findChangeSet(ctx, input);
    allow(ctx, executeChangeSet, stack.stackId);
    if (changeSet.executionStatus !== 'AVAILABLE') {
      throw new AwsError(
        'InvalidChangeSetStatus',
        `ChangeSet [${changeSet.id}] cannot be executed in its current execution status of [${changeSet.executionStatus}]`,
      );
    }
    chargeStackOperation(ctx, changeSet.processed);
    const isUpdate = changeSet.type === 'UPDATE';
    const before = {
      processed: stack.processed,
      body: stack.originalBody,
      parameters: stack.parameters,
      capabilities: stack.capabilities,
    };
    Object.assign(stack, {
      processed: changeSet.processed,
      originalBody: changeSet.body,
      parameters: changeSet.parameters,
      capabilities: changeSet.capabilities,
      ...(isUpdate
        ? {}
        : { tags: changeSet.tags, description: changeSet.processed.Description as string | undefined }),
    });
    changeSet.executionStatus = 'EXECUTE_IN_PROGRESS';
    const succeeded = await deployStack(ctx.runtime, stack, isUpdate);
    if (!succeeded && isUpdate) Object.assign(stack, before);
    for (const other of stack.changeSets.values()) {
      other.executionStatus =
        other === changeSet ? (succeeded ? 'EXECUTE_COMPLETE' : 'EXECUTE_FAILED') : 'OBSOLETE';
    }
    return {};
  },
};
