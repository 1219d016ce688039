import type { DeleteChangeSetInput, DeleteChangeSetOutput } from '@aws-sdk/client-cloudformation';
import { AwsError } from '../../../core/aws-error.ts';
import type { RequestContext } from '../../../core/types.ts';
import { findChangeSet } from '../change-sets.ts';
import { stacksOf } from '../stack-state.ts';

/** https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DeleteChangeSet.html */
export async function deleteChangeSet(
  input: DeleteChangeSetInput,
  ctx: RequestContext,
): Promise<DeleteChangeSetOutput> {
  const { stack, changeSet } = findChangeSet(
    ctx,
    stacksOf(ctx.runtime).values(),
    input.ChangeSetName,
    input.StackName,
  );
  ctx.runtime.authorize(ctx, 'cloudformation:DeleteChangeSet', stack.stackId);
  if (changeSet.executionStatus === 'EXECUTE_IN_PROGRESS') {
    throw new AwsError(
      'InvalidChangeSetStatus',
      `ChangeSet [${changeSet.id}] cannot be deleted in its current execution status of [EXECUTE_IN_PROGRESS]`,
    );
  }
  stack.changeSets.delete(changeSet.name);
  return {};
}
