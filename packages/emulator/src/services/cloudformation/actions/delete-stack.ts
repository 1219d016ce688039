import type { DeleteStackCommandOutput, DeleteStackInput } from '@aws-sdk/client-cloudformation';
import type { RequestContext } from '../../../core/types.ts';
import { findStack } from '../query-input.ts';
import { deleteStackResources } from '../stack-engine.ts';
import { type Stack, stackKey, stacksOf } from '../stack-state.ts';

/** https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DeleteStack.html */
export async function deleteStack(
  input: DeleteStackInput,
  ctx: RequestContext,
): Promise<Omit<DeleteStackCommandOutput, '$metadata'>> {
  let stack: Stack;
  try {
    stack = findStack(ctx, input.StackName);
  } catch {
    return {}; // Deleting a stack that does not exist succeeds, as on AWS.
  }
  ctx.runtime.authorize(ctx, 'cloudformation:DeleteStack', stack.stackId);
  await deleteStackResources(ctx.runtime, stack);
  stacksOf(ctx.runtime).delete(stackKey(stack.accountId, stack.name));
  return {};
}
