import { randomUUID } from 'node:crypto';
import type { CreateStackInput, CreateStackOutput } from '@aws-sdk/client-cloudformation';
import { AwsError } from '../../../core/aws-error.ts';
import { allow } from '../../../core/operation.ts';
import type { CloudFormationOperation } from '../cloudformation-operation.ts';
import { givenParameters, listOf, tagList } from '../query-input.ts';
import { deleteStackResources, deployStack, prepareTemplate, resolveParameters } from '../stack-engine.ts';
import { chargeStackOperation } from '../stack-operation-bytes.ts';
import { forgetStack, type Stack, stackKey, stacksOf } from '../stack-state.ts';
import { checkTemplateBudget } from '../template-budget.ts';
import { templateBody } from '../template-url.ts';

/**
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateStack.html
 * The stack is deployed before the call returns, so a waiter sees the final status on its first poll. A failed
 * create rolls back, or with OnFailure DO_NOTHING (DisableRollback) stays CREATE_FAILED, or with DELETE is deleted.
 */
export const createStack: CloudFormationOperation<CreateStackInput, CreateStackOutput> = {
  name: 'CreateStack',
  iamAction: 'cloudformation:CreateStack',
  async handle(input, ctx) {
    const name = String(input.StackName ?? '');
    if (!/^[a-zA-Z][-a-zA-Z0-9]{0,127}$/.test(name)) {
      throw new AwsError(
        'ValidationError',
        `1 validation error detected: Value '${name}' at 'stackName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*`,
      );
    }
    if (input.OnFailure && input.DisableRollback !== undefined) {
      throw new AwsError(
        'ValidationError',
        'You can specify either DisableRollback or OnFailure, but not both.',
      );
    }
    const key = stackKey(ctx.principal.accountId, name);
    const stacks = stacksOf(ctx.runtime);
    if (stacks.has(key)) throw new AwsError('AlreadyExistsException', `Stack [${name}] already exists`);
    const stackId = `arn:aws:cloudformation:${ctx.region}:${ctx.principal.accountId}:stack/${name}/${randomUUID()}`;
    allow(ctx, createStack, stackId);
    const body = await templateBody(input, ctx);
    checkTemplateBudget(ctx, body);
    const capabilities = listOf(input.Capabilities);
    const processed = prepareTemplate(body, capabilities);
    const stack: Stack = {
      stackId,
      name,
      accountId: ctx.principal.accountId,
      region: ctx.region,
      description: processed.Description as string | undefined,
      status: 'CREATE_IN_PROGRESS',
      creationTime: new Date(),
      originalBody: body,
      processed,
      parameters: resolveParameters(processed, givenParameters(input.Parameters)),
      capabilities,
      disableRollback: input.DisableRollback === true || input.OnFailure === 'DO_NOTHING',
      tags: tagList(input.Tags),
      outputs: [],
      resources: new Map(),
      events: [],
      changeSets: new Map(),
    };
    chargeStackOperation(ctx, processed);
    stacks.set(key, stack);
    const created = await deployStack(ctx.runtime, stack, false);
    if (!created && input.OnFailure === 'DELETE') {
      await deleteStackResources(ctx.runtime, stack);
      forgetStack(ctx.runtime, stack);
    }
    return { StackId: stackId };
  },
};
