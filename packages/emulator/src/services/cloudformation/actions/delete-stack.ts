import type { DeleteStackCommandOutput, DeleteStackInput } from '@aws-sdk/client-cloudformation';
import { allow } from '../../../core/operation.ts';
import type { CloudFormationOperation } from '../cloudformation-operation.ts';
import { findStack } from '../query-input.ts';
import { deleteStackResources } from '../stack-engine.ts';
import { forgetStack, type Stack } from '../stack-state.ts';

/** https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DeleteStack.html */
export const deleteStack: CloudFormationOperation<DeleteStackInput, DeleteStackCommandOutput> = {
  name: 'DeleteStack',
  iamAction: 'cloudformation:DeleteStack',
  async handle(input, ctx) {
    let stack: Stack;
    try {
      stack = findStack(ctx, input.StackName);
    } catch {
      return {}; // Deleting a stack that does not exist succeeds, as on AWS.
    }
    allow(ctx, deleteStack, stack.stackId);
    await deleteStackResources(ctx.runtime, stack);
    forgetStack(ctx.runtime, stack);
    return {};
  },
};
