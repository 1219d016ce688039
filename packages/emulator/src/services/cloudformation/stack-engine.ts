import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import {
  hasSamTransform,
  parseTemplate,
  type ResolveScope,
  resolve,
  samTransform,
  TemplateSyntaxError,
  TransformError,
} from '@cloudlab/cfn-templates';
import { AwsError } from '../../core/aws-error.ts';
import type { EmulatorRuntime } from '../../core/types.ts';
import { QUERY_PROTOCOL } from '../../protocols/query.ts';
import { httpApiUrl } from '../lambda/http-api-route.ts';
import { providerFor } from './resource-providers.ts';
import type { Stack, StackResource } from './stack-state.ts';
import { creationOrder } from './template-dependencies.ts';

/**
 * Creates, updates and deletes a stack's resources in dependency order, recording events as CloudFormation does;
 * a failure rolls back what this operation created, with the failing resource's reason in the events.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-cfn-describing-stacks.html
 */
type Json = Record<string, unknown>;
const IAM_TYPES = [
  'AWS::IAM::Role',
  'AWS::IAM::Policy',
  'AWS::IAM::ManagedPolicy',
  'AWS::IAM::User',
  'AWS::IAM::Group',
];

/** Parses, checks capabilities and expands the SAM transform; errors here fail the call, leaving no stack. */
export function prepareTemplate(body: string, capabilities: string[]): Json {
  let template: Json;
  try {
    template = parseTemplate(body).template;
  } catch (error) {
    if (error instanceof TemplateSyntaxError)
      throw new AwsError('ValidationError', `Template format error: ${error.message}`);
    throw error;
  }
  // An empty Resources fails as a missing one does on AWS: a stack must create something.
  const declared = template.Resources;
  if (!declared || typeof declared !== 'object' || Object.keys(declared).length === 0) {
    throw new AwsError(
      'ValidationError',
      'Template format error: At least one Resources member must be defined.',
    );
  }
  let processed = template;
  if (hasSamTransform(template)) {
    if (!capabilities.includes('CAPABILITY_AUTO_EXPAND')) {
      throw new AwsError(
        'InsufficientCapabilitiesException',
        'Requires capabilities : [CAPABILITY_AUTO_EXPAND] — the template uses a transform; pass Capabilities CAPABILITY_AUTO_EXPAND',
      );
    }
    try {
      processed = samTransform(template);
    } catch (error) {
      if (error instanceof TransformError) throw new AwsError('ValidationError', error.message);
      throw error;
    }
  }
  const resources = processed.Resources as Record<string, Json>;
  const needsIam = Object.values(resources).some((r) => IAM_TYPES.includes(String(r.Type)));
  if (needsIam && !capabilities.some((c) => c === 'CAPABILITY_IAM' || c === 'CAPABILITY_NAMED_IAM')) {
    throw new AwsError('InsufficientCapabilitiesException', 'Requires capabilities : [CAPABILITY_IAM]');
  }
  return processed;
}

export function resolveParameters(template: Json, given: Record<string, string>): Record<string, string> {
  const declared = (template.Parameters ?? {}) as Record<string, Json>;
  const values: Record<string, string> = {};
  const missing: string[] = [];
  for (const [name, spec] of Object.entries(declared)) {
    const value = given[name] ?? (spec.Default === undefined ? undefined : String(spec.Default));
    if (value === undefined) missing.push(name);
    else if (Array.isArray(spec.AllowedValues) && !spec.AllowedValues.map(String).includes(value)) {
      throw new AwsError('ValidationError', `Parameter '${name}' must be one of AllowedValues`);
    } else values[name] = value;
  }
  if (missing.length)
    throw new AwsError('ValidationError', `Parameters: [${missing.join(', ')}] must have values`);
  const unknown = Object.keys(given).filter((name) => !(name in declared));
  if (unknown.length) {
    throw new AwsError('ValidationError', `Parameters: [${unknown.join(', ')}] do not exist in the template`);
  }
  return values;
}

function scopeFor(stack: Stack, resources: Map<string, StackResource>): ResolveScope {
  const scope: ResolveScope = {
    region: stack.region,
    accountId: stack.accountId,
    stackName: stack.name,
    stackId: stack.stackId,
    parameters: stack.parameters,
    conditions: {},
    mappings: (stack.processed.Mappings ?? {}) as ResolveScope['mappings'],
    refs: {},
    attributes: {},
  };
  for (const [id, r] of resources) {
    scope.refs[id] = r.physicalId;
    scope.attributes[id] = r.attributes;
  }
  for (const [name, expr] of Object.entries((stack.processed.Conditions ?? {}) as Json)) {
    scope.conditions[name] = Boolean(resolve(scope, expr));
  }
  return scope;
}

function event(
  stack: Stack,
  logicalId: string,
  physicalId: string,
  type: string,
  status: string,
  reason?: string,
) {
  stack.events.push({
    eventId: randomUUID(),
    logicalId,
    physicalId,
    type,
    status,
    reason,
    timestamp: new Date(),
  });
}

function stackEvent(stack: Stack, status: Stack['status'], reason?: string) {
  stack.status = status;
  stack.reason = reason;
  event(stack, stack.name, stack.stackId, 'AWS::CloudFormation::Stack', status, reason);
}

async function deleteResource(runtime: EmulatorRuntime, stack: Stack, r: StackResource): Promise<void> {
  event(stack, r.logicalId, r.physicalId, r.type, 'DELETE_IN_PROGRESS');
  try {
    await providerFor(r.type).delete(
      {
        runtime,
        accountId: stack.accountId,
        region: stack.region,
        stackName: stack.name,
        logicalId: r.logicalId,
      },
      r.physicalId,
      r.attributes,
    );
    event(stack, r.logicalId, r.physicalId, r.type, 'DELETE_COMPLETE');
  } catch (error) {
    event(stack, r.logicalId, r.physicalId, r.type, 'DELETE_FAILED', (error as Error).message);
  }
}

/**
 * Brings the stack's resources to `stack.processed`: unchanged resources stay, changed ones are replaced
 * (new first, old deleted in the cleanup phase), removed ones deleted. Returns true on success.
 */
export async function deployStack(
  runtime: EmulatorRuntime,
  stack: Stack,
  isUpdate: boolean,
): Promise<boolean> {
  stackEvent(stack, isUpdate ? 'UPDATE_IN_PROGRESS' : 'CREATE_IN_PROGRESS', 'User Initiated');
  const declared = (stack.processed.Resources ?? {}) as Record<string, Json>;
  const previous = stack.resources;
  const next = new Map<string, StackResource>();
  const createdNow: StackResource[] = [];
  const updatedNow: Array<{ before: StackResource; after: StackResource }> = [];
  let failure: string | undefined;
  try {
    const order = creationOrder(declared);
    for (const id of order) {
      const spec = declared[id]!;
      const scope = scopeFor(stack, next);
      if (spec.Condition && !scope.conditions[String(spec.Condition)]) continue;
      const type = String(spec.Type);
      const props = (resolve(scope, spec.Properties ?? {}) ?? {}) as Json;
      const old = previous.get(id);
      if (old && old.type === type && isDeepStrictEqual(old.properties, props)) {
        next.set(id, old);
        continue;
      }
      // What the resource keeps, parameters and mappings resolved into it (stack-operation-bytes.ts).
      runtime.ingress.charge(stack.accountId, Buffer.byteLength(JSON.stringify(props)), QUERY_PROTOCOL);
      const provider = providerFor(type);
      const inPlace = old && old.type === type && provider.update;
      const status = inPlace ? 'UPDATE' : 'CREATE';
      event(stack, id, inPlace ? old.physicalId : '', type, `${status}_IN_PROGRESS`);
      try {
        const pctx = {
          runtime,
          accountId: stack.accountId,
          region: stack.region,
          stackName: stack.name,
          logicalId: id,
        };
        const created = inPlace
          ? await provider.update!(pctx, old, props, old.properties)
          : await provider.create(pctx, props);
        const resource: StackResource = {
          logicalId: id,
          type,
          physicalId: created.physicalId,
          status: inPlace ? 'UPDATE_COMPLETE' : 'CREATE_COMPLETE',
          timestamp: new Date(),
          properties: props,
          attributes: created.attributes,
        };
        next.set(id, resource);
        if (inPlace && created.physicalId === old.physicalId)
          updatedNow.push({ before: old, after: resource });
        else createdNow.push(resource);
        event(stack, id, created.physicalId, type, resource.status);
      } catch (error) {
        const code = (error as AwsError).code;
        failure = `Resource handler returned message: "${(error as Error).message}"${code ? ` (Service: ${code})` : ''}`;
        event(stack, id, inPlace ? old.physicalId : '', type, `${status}_FAILED`, failure);
        throw error;
      }
    }
    stack.outputs = outputsOf(runtime, stack, next);
  } catch (error) {
    const reason = failure
      ? `The following resource(s) failed to ${isUpdate ? 'update' : 'create'}: [${stack.events.at(-1)?.logicalId}]. Rollback requested by user.`
      : (error as Error).message;
    if (!isUpdate && stack.disableRollback) {
      stack.resources = next;
      stackEvent(stack, 'CREATE_FAILED', reason);
      return false;
    }
    stackEvent(stack, isUpdate ? 'UPDATE_ROLLBACK_IN_PROGRESS' : 'ROLLBACK_IN_PROGRESS', reason);
    for (const r of createdNow.reverse()) await deleteResource(runtime, stack, r);
    for (const { before, after } of updatedNow.reverse())
      await restoreResource(runtime, stack, before, after);
    // DescribeStacks keeps saying why the stack rolled back.
    stackEvent(stack, isUpdate ? 'UPDATE_ROLLBACK_COMPLETE' : 'ROLLBACK_COMPLETE', reason);
    if (!isUpdate) stack.resources = new Map();
    return false;
  }
  if (isUpdate) {
    stackEvent(stack, 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS');
    for (const [id, old] of [...previous].reverse()) {
      if (next.get(id)?.physicalId !== old.physicalId) await deleteResource(runtime, stack, old);
    }
  }
  stack.resources = next;
  stack.lastUpdatedTime = isUpdate ? new Date() : undefined;
  stackEvent(stack, isUpdate ? 'UPDATE_COMPLETE' : 'CREATE_COMPLETE');
  return true;
}

/** Rollback of an in-place update: the resource gets its previous properties back. */
async function restoreResource(
  runtime: EmulatorRuntime,
  stack: Stack,
  before: StackResource,
  after: StackResource,
) {
  const ctx = {
    runtime,
    accountId: stack.accountId,
    region: stack.region,
    stackName: stack.name,
    logicalId: before.logicalId,
  };
  try {
    await providerFor(before.type).update?.(ctx, after, before.properties, after.properties);
    event(stack, before.logicalId, before.physicalId, before.type, 'UPDATE_COMPLETE');
  } catch (error) {
    event(stack, before.logicalId, before.physicalId, before.type, 'UPDATE_FAILED', (error as Error).message);
  }
}

export async function deleteStackResources(runtime: EmulatorRuntime, stack: Stack): Promise<void> {
  stackEvent(stack, 'DELETE_IN_PROGRESS', 'User Initiated');
  for (const r of [...stack.resources.values()].reverse()) await deleteResource(runtime, stack, r);
  stack.resources = new Map();
  stackEvent(stack, 'DELETE_COMPLETE');
}

/**
 * Resolved outputs. An HTTP API's public URL (https://{apiId}.execute-api.{region}.amazonaws.com) is not reachable
 * here, so it is rewritten to the emulator's route for that API: `curl` on the output works as on AWS.
 */
function outputsOf(
  runtime: EmulatorRuntime,
  stack: Stack,
  resources: Map<string, StackResource>,
): Stack['outputs'] {
  const scope = scopeFor(stack, resources);
  const apis = [...resources.values()].filter((r) => r.type === 'AWS::ApiGatewayV2::Api');
  const outputs: Stack['outputs'] = [];
  for (const [key, spec] of Object.entries((stack.processed.Outputs ?? {}) as Record<string, Json>)) {
    if (spec.Condition && !scope.conditions[String(spec.Condition)]) continue;
    let value = String(resolve(scope, spec.Value));
    for (const api of apis) {
      const publicUrl = `https://${api.physicalId}.execute-api.${stack.region}.amazonaws.com`;
      value = value.replaceAll(publicUrl, httpApiUrl(runtime.endpoint, api.physicalId));
    }
    outputs.push({
      OutputKey: key,
      OutputValue: value,
      ...(spec.Description ? { Description: String(spec.Description) } : {}),
    });
  }
  return outputs;
}
