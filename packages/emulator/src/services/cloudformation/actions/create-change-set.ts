import { randomUUID } from 'node:crypto';
import type { CreateChangeSetInput, CreateChangeSetOutput } from '@aws-sdk/client-cloudformation';
import { AwsError } from '../../../core/aws-error.ts';
import { allow } from '../../../core/operation.ts';
import type { RequestContext } from '../../../core/types.ts';
import { NO_CHANGES, resourceChanges } from '../change-sets.ts';
import type { CloudFormationOperation } from '../cloudformation-operation.ts';
import { findStack, givenParameters, listOf, tagList } from '../query-input.ts';
import { prepareTemplate, resolveParameters } from '../stack-engine.ts';
import { type ChangeSet, type Stack, stackKey, stacksOf } from '../stack-state.ts';
import { checkTemplateBudget } from '../template-budget.ts';
import { checkTemplate } from '../template-checks.ts';
import { templateBody } from '../template-url.ts';

const CHANGE_SET_NAME = /^[a-zA-Z][-a-zA-Z0-9]{0,127}$/;
const STACK_NAME = /^[a-zA-Z][-a-zA-Z0-9]{0,127}$/;

/**
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateChangeSet.html
 * The changes are computed at once, so the change set is CREATE_COMPLETE (or FAILED, for one that would change
 * nothing) by the waiter's first DescribeChangeSet. A CREATE change set makes the stack in REVIEW_IN_PROGRESS.
 */
export const createChangeSet: CloudFormationOperation<CreateChangeSetInput, CreateChangeSetOutput> = {
  name: 'CreateChangeSet',
  iamAction: 'cloudformation:CreateChangeSet',
  async handle(input, ctx) {
    const name = String(input.ChangeSetName ?? '');
    const stackName = String(input.StackName ?? '');
    if (!CHANGE_SET_NAME.test(name)) {
      throw new AwsError(
        'ValidationError',
        `1 validation error detected: Value '${name}' at 'changeSetName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*`,
      );
    }
    const type = (input.ChangeSetType ?? 'UPDATE') as ChangeSet['type'];
    if (type !== 'CREATE' && type !== 'UPDATE') {
      throw new AwsError(
        'ValidationError',
        `ChangeSetType ${type} is not supported by the cloudlab emulator: use CREATE or UPDATE`,
      );
    }
    const stacks = stacksOf(ctx.runtime);
    const existing = stacks.get(stackKey(ctx.principal.accountId, stackName));
    if (type === 'CREATE' && existing && existing.status !== 'REVIEW_IN_PROGRESS') {
      throw new AwsError(
        'ValidationError',
        `Stack [${stackName}] already exists and cannot be created again with the changeSet [${name}].`,
      );
    }
    if (type === 'UPDATE') {
      const stack = findStack(ctx, stackName);
      if (
        stack.status === 'REVIEW_IN_PROGRESS' ||
        stack.status.endsWith('_IN_PROGRESS') ||
        stack.status === 'ROLLBACK_COMPLETE'
      ) {
        throw new AwsError(
          'ValidationError',
          `Stack:${stack.stackId} is in ${stack.status} state and can not be updated.`,
        );
      }
    }
    if (type === 'CREATE' && !existing && !STACK_NAME.test(stackName)) {
      throw new AwsError(
        'ValidationError',
        `1 validation error detected: Value '${stackName}' at 'stackName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*`,
      );
    }
    const stack = existing ?? newReviewStack(ctx, stackName);
    if (stack.changeSets.has(name)) {
      throw new AwsError('AlreadyExistsException', `ChangeSet ${name} already exists`);
    }
    allow(ctx, createChangeSet, stack.stackId);

    const body = input.UsePreviousTemplate === true ? stack.originalBody : await templateBody(input, ctx);
    checkTemplateBudget(ctx, body);
    const capabilities = listOf(input.Capabilities);
    const processed = prepareTemplate(body, capabilities);
    checkTemplate(processed);
    const parameters = resolveParameters(processed, givenParameters(input.Parameters, stack.parameters));
    const changes = resourceChanges(stack, processed, parameters);
    const changeSet: ChangeSet = {
      id: `arn:aws:cloudformation:${ctx.region}:${ctx.principal.accountId}:changeSet/${name}/${randomUUID()}`,
      name,
      type,
      ...(input.Description ? { description: input.Description } : {}),
      status: changes.length > 0 || type === 'CREATE' ? 'CREATE_COMPLETE' : 'FAILED',
      ...(changes.length > 0 || type === 'CREATE' ? {} : { statusReason: NO_CHANGES }),
      executionStatus: changes.length > 0 || type === 'CREATE' ? 'AVAILABLE' : 'UNAVAILABLE',
      creationTime: new Date(),
      body,
      processed,
      parameters,
      capabilities,
      tags: tagList(input.Tags),
      changes,
    };
    if (!existing) stacks.set(stackKey(stack.accountId, stack.name), stack);
    stack.changeSets.set(name, changeSet);
    return { Id: changeSet.id, StackId: stack.stackId };
  },
};

function newReviewStack(ctx: RequestContext, name: string): Stack {
  return {
    stackId: `arn:aws:cloudformation:${ctx.region}:${ctx.principal.accountId}:stack/${name}/${randomUUID()}`,
    name,
    accountId: ctx.principal.accountId,
    region: ctx.region,
    status: 'REVIEW_IN_PROGRESS',
    reason: 'User Initiated',
    creationTime: new Date(),
    originalBody: '',
    processed: { Resources: {} },
    parameters: {},
    capabilities: [],
    tags: [],
    outputs: [],
    resources: new Map(),
    events: [],
    changeSets: new Map(),
  };
}
