import { randomUUID } from 'node:crypto';
import { AwsError } from '../../core/aws-error.ts';
import type { EmulatorRuntime, RequestContext, Service } from '../../core/types.ts';
import { createQueryService, type QueryParams } from '../../protocols/query.ts';
import { deleteStackResources, deployStack, prepareTemplate, resolveParameters } from './stack-engine.ts';
import { type Stack, stackKey, stacksOf } from './stack-state.ts';

/**
 * The CloudFormation subset (query protocol) the SAM lab deploys with. Stack operations finish before the call
 * returns, so an SDK waiter sees the final status on its first poll.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_Operations.html
 */
const members = (params: QueryParams, prefix: string): Array<Record<string, string>> => {
  const out: Array<Record<string, string>> = [];
  for (const [key, value] of Object.entries(params)) {
    const match = new RegExp(`^${prefix}\\.member\\.(\\d+)(?:\\.(.+))?$`).exec(key);
    if (!match) continue;
    const index = Number(match[1]) - 1;
    out[index] ??= {};
    out[index]![match[2] ?? '_'] = value;
  }
  return out.filter(Boolean);
};

const list = <T>(items: T[]) => ({ member: items });

function findStack(ctx: RequestContext, nameOrId: string | undefined): Stack {
  const stacks = stacksOf(ctx.runtime);
  const byName = nameOrId ? stacks.get(stackKey(ctx.principal.accountId, nameOrId)) : undefined;
  const stack =
    byName ??
    [...stacks.values()].find((s) => s.stackId === nameOrId && s.accountId === ctx.principal.accountId);
  if (!stack) throw new AwsError('ValidationError', `Stack with id ${nameOrId} does not exist`);
  return stack;
}

function templateBody(params: QueryParams): string {
  if (params.TemplateURL) {
    throw new AwsError(
      'ValidationError',
      'TemplateURL is not supported by the cloudlab emulator — send the template as TemplateBody',
    );
  }
  if (!params.TemplateBody)
    throw new AwsError('ValidationError', 'Either Template URL or Template Body must be specified.');
  return params.TemplateBody;
}

function describe(stack: Stack) {
  return {
    StackId: stack.stackId,
    StackName: stack.name,
    Description: stack.description,
    Parameters: list(
      Object.entries(stack.parameters).map(([ParameterKey, ParameterValue]) => ({
        ParameterKey,
        ParameterValue,
      })),
    ),
    CreationTime: stack.creationTime,
    LastUpdatedTime: stack.lastUpdatedTime,
    StackStatus: stack.status,
    StackStatusReason: stack.reason,
    DisableRollback: false,
    Capabilities: list(stack.capabilities),
    Outputs: list(stack.outputs),
    Tags: list(stack.tags),
    EnableTerminationProtection: false,
  };
}

async function createStack(params: QueryParams, ctx: RequestContext) {
  const name = params.StackName ?? '';
  if (!/^[a-zA-Z][-a-zA-Z0-9]{0,127}$/.test(name)) {
    throw new AwsError(
      'ValidationError',
      `1 validation error detected: Value '${name}' at 'stackName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*`,
    );
  }
  const key = stackKey(ctx.principal.accountId, name);
  const stacks = stacksOf(ctx.runtime);
  if (stacks.has(key)) throw new AwsError('AlreadyExistsException', `Stack [${name}] already exists`);
  const stackId = `arn:aws:cloudformation:${ctx.region}:${ctx.principal.accountId}:stack/${name}/${randomUUID()}`;
  ctx.runtime.authorize(ctx, 'cloudformation:CreateStack', stackId);
  const body = templateBody(params);
  const capabilities = members(params, 'Capabilities').map((m) => m._!);
  const processed = prepareTemplate(body, capabilities);
  const given = Object.fromEntries(
    members(params, 'Parameters').map((m) => [m.ParameterKey!, m.ParameterValue ?? '']),
  );
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
    parameters: resolveParameters(processed, given),
    capabilities,
    tags: members(params, 'Tags').map((m) => ({ Key: m.Key!, Value: m.Value ?? '' })),
    outputs: [],
    resources: new Map(),
    events: [],
  };
  stacks.set(key, stack);
  await deployStack(ctx.runtime, stack, false);
  return { StackId: stackId };
}

async function updateStack(params: QueryParams, ctx: RequestContext) {
  const stack = findStack(ctx, params.StackName);
  ctx.runtime.authorize(ctx, 'cloudformation:UpdateStack', stack.stackId);
  if (!['CREATE_COMPLETE', 'UPDATE_COMPLETE', 'UPDATE_ROLLBACK_COMPLETE'].includes(stack.status)) {
    throw new AwsError(
      'ValidationError',
      `Stack:${stack.stackId} is in ${stack.status} state and can not be updated.`,
    );
  }
  const body = params.UsePreviousTemplate === 'true' ? stack.originalBody : templateBody(params);
  const capabilities = members(params, 'Capabilities').map((m) => m._!);
  const processed = prepareTemplate(body, capabilities);
  const given = Object.fromEntries(
    members(params, 'Parameters').map((m) => [
      m.ParameterKey!,
      m.UsePreviousValue === 'true' ? (stack.parameters[m.ParameterKey!] ?? '') : (m.ParameterValue ?? ''),
    ]),
  );
  const parameters = resolveParameters(processed, given);
  if (body === stack.originalBody && JSON.stringify(parameters) === JSON.stringify(stack.parameters)) {
    throw new AwsError('ValidationError', 'No updates are to be performed.');
  }
  const before = {
    processed: stack.processed,
    body: stack.originalBody,
    parameters: stack.parameters,
    outputs: stack.outputs,
  };
  Object.assign(stack, { processed, originalBody: body, parameters, capabilities });
  if (!(await deployStack(ctx.runtime, stack, true))) {
    Object.assign(stack, {
      processed: before.processed,
      originalBody: before.body,
      parameters: before.parameters,
      outputs: before.outputs,
    });
  }
  return { StackId: stack.stackId };
}

async function deleteStack(params: QueryParams, ctx: RequestContext) {
  const stacks = stacksOf(ctx.runtime);
  let stack: Stack;
  try {
    stack = findStack(ctx, params.StackName);
  } catch {
    return {}; // Deleting a stack that does not exist succeeds, as on AWS.
  }
  ctx.runtime.authorize(ctx, 'cloudformation:DeleteStack', stack.stackId);
  await deleteStackResources(ctx.runtime, stack);
  stacks.delete(stackKey(stack.accountId, stack.name));
  return {};
}

async function describeStacks(params: QueryParams, ctx: RequestContext) {
  ctx.runtime.authorize(ctx, 'cloudformation:DescribeStacks', '*');
  const stacks = params.StackName
    ? [findStack(ctx, params.StackName)]
    : [...stacksOf(ctx.runtime).values()].filter((s) => s.accountId === ctx.principal.accountId);
  return { Stacks: list(stacks.map(describe)) };
}

async function describeStackEvents(params: QueryParams, ctx: RequestContext) {
  const stack = findStack(ctx, params.StackName);
  ctx.runtime.authorize(ctx, 'cloudformation:DescribeStackEvents', stack.stackId);
  const events = [...stack.events].reverse().map((e) => ({
    StackId: stack.stackId,
    EventId: e.eventId,
    StackName: stack.name,
    LogicalResourceId: e.logicalId,
    PhysicalResourceId: e.physicalId,
    ResourceType: e.type,
    Timestamp: e.timestamp,
    ResourceStatus: e.status,
    ResourceStatusReason: e.reason,
  }));
  return { StackEvents: list(events) };
}

async function describeStackResources(params: QueryParams, ctx: RequestContext) {
  const stack = findStack(ctx, params.StackName);
  ctx.runtime.authorize(ctx, 'cloudformation:DescribeStackResources', stack.stackId);
  const resources = [...stack.resources.values()]
    .filter((r) => !params.LogicalResourceId || r.logicalId === params.LogicalResourceId)
    .map((r) => ({
      StackName: stack.name,
      StackId: stack.stackId,
      LogicalResourceId: r.logicalId,
      PhysicalResourceId: r.physicalId,
      ResourceType: r.type,
      Timestamp: r.timestamp,
      ResourceStatus: r.status,
    }));
  return { StackResources: list(resources) };
}

async function getTemplate(params: QueryParams, ctx: RequestContext) {
  const stack = findStack(ctx, params.StackName);
  ctx.runtime.authorize(ctx, 'cloudformation:GetTemplate', stack.stackId);
  const processed = params.TemplateStage === 'Processed';
  return {
    TemplateBody: processed ? JSON.stringify(stack.processed) : stack.originalBody,
    StagesAvailable: list(['Original', 'Processed']),
  };
}

async function validateTemplate(params: QueryParams, ctx: RequestContext) {
  ctx.runtime.authorize(ctx, 'cloudformation:ValidateTemplate', '*');
  const processed = prepareTemplate(templateBody(params), ['CAPABILITY_AUTO_EXPAND', 'CAPABILITY_IAM']);
  const parameters = Object.entries(
    (processed.Parameters ?? {}) as Record<string, Record<string, unknown>>,
  ).map(([key, spec]) => ({
    ParameterKey: key,
    DefaultValue: spec.Default === undefined ? undefined : String(spec.Default),
    NoEcho: Boolean(spec.NoEcho),
    Description: spec.Description as string | undefined,
  }));
  return { Parameters: list(parameters), Description: processed.Description as string | undefined };
}

export function createCloudFormationService(runtime: EmulatorRuntime): Service {
  const service = createQueryService({
    signingName: 'cloudformation',
    version: '2010-05-15',
    xmlns: 'http://cloudformation.amazonaws.com/doc/2010-05-15/',
    operations: {
      CreateStack: createStack,
      UpdateStack: updateStack,
      DeleteStack: deleteStack,
      DescribeStacks: describeStacks,
      DescribeStackEvents: describeStackEvents,
      DescribeStackResources: describeStackResources,
      GetTemplate: getTemplate,
      ValidateTemplate: validateTemplate,
    },
    unsupported: [
      'CreateChangeSet',
      'ExecuteChangeSet',
      'DescribeChangeSet',
      'ListStacks',
      'ListStackResources',
      'GetTemplateSummary',
    ],
  });
  return {
    ...service,
    // Only the stack records: what the stacks created is the same account's, deleted by each service.
    async deleteAccount(accountId) {
      const stacks = stacksOf(runtime);
      for (const [key, stack] of stacks) if (stack.accountId === accountId) stacks.delete(key);
    },
  };
}
