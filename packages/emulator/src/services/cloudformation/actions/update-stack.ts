import type { UpdateStackInput, UpdateStackOutput } from '@aws-sdk/client-cloudformation';
import { AwsError } from '../../../core/aws-error.ts';
import { allow } from '../../../core/operation.ts';
import type { CloudFormationOperation } from '../cloudformation-operation.ts';
import { findStack, givenParameters, listOf } from '../query-input.ts';
import { deployStack, prepareTemplate, resolveParameters } from '../stack-engine.ts';
import { chargeStackOperation } from '../stack-operation-bytes.ts';
import { checkTemplateBudget } from '../template-budget.ts';
import { templateBody } from '../template-url.ts';

/**
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_UpdateStack.html
 * A failed update rolls back to the template and parameters the stack had (UPDATE_ROLLBACK_COMPLETE).
 */
export const updateStack: CloudFormationOperation<UpdateStackInput, UpdateStackOutput> = {
  name: 'UpdateStack',
  iamAction: 'cloudformation:UpdateStack',
  async handle(input, ctx) {
    const stack = findStack(ctx, input.StackName);
    allow(ctx, updateStack, stack.stackId);
    if (!['CREATE_COMPLETE', 'UPDATE_COMPLETE', 'UPDATE_ROLLBACK_COMPLETE'].includes(stack.status)) {
      throw new AwsError(
        'ValidationError',
        `Stack:${stack.stackId} is in ${stack.status} state and can not be updated.`,
      );
    }
    const body = input.UsePreviousTemplate === true ? stack.originalBody : await templateBody(input, ctx);
    checkTemplateBudget(ctx, body);
    const capabilities = listOf(input.Capabilities);
    const processed = prepareTemplate(body, capabilities);
    const parameters = resolveParameters(processed, givenParameters(input.Parameters, stack.parameters));
    if (body === stack.originalBody && JSON.stringify(parameters) === JSON.stringify(stack.parameters)) {
      throw new AwsError('ValidationError', 'No updates are to be performed.');
    }
    chargeStackOperation(ctx, processed);
    const before = {
      processed: stack.processed,
      originalBody: stack.originalBody,
      parameters: stack.parameters,
      capabilities: stack.capabilities,
      outputs: stack.outputs,
    };
    Object.assign(stack, { processed, originalBody: body, parameters, capabilities });
    if (!(await deployStack(ctx.runtime, stack, true))) Object.assign(stack, before);
    for (const changeSet of stack.changeSets.values()) changeSet.executionStatus = 'OBSOLETE';
    return { StackId: stack.stackId };
  },
};
