import type { PolicyDocument } from '@cloudlab/cfn-templates';
import {
  MANAGED_POLICIES,
  type ResolveScope,
  resolve,
  samTransform,
  TransformError,
} from '@cloudlab/cfn-templates';
import { SamError } from './sam-error.ts';
import { type Json, serverlessFunctions } from './template-file.ts';

/**
 * The identity policies SAM gives a function's generated role (policy templates expanded, managed policies the
 * emulator knows, intrinsics resolved for this account and region) — what local invoke scopes its credentials to,
 * as the deployed function would be.
 */
export interface RoleScope {
  accountId: string;
  region: string;
  stackName?: string;
  parameters?: Record<string, string>;
}

export function parameterValues(template: Json, given: Record<string, string> = {}): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, spec] of Object.entries((template.Parameters ?? {}) as Record<string, Json>)) {
    const value = given[name] ?? spec.Default;
    if (value !== undefined) out[name] = String(value);
  }
  return out;
}

export function scopeFor(template: Json, scope: RoleScope): ResolveScope {
  return {
    region: scope.region,
    accountId: scope.accountId,
    stackName: scope.stackName ?? 'local',
    stackId: `arn:aws:cloudformation:${scope.region}:${scope.accountId}:stack/${scope.stackName ?? 'local'}/local`,
    parameters: parameterValues(template, scope.parameters),
    conditions: {},
    mappings: (template.Mappings ?? {}) as ResolveScope['mappings'],
    refs: {},
    attributes: {},
  };
}

export function functionRolePolicies(template: Json, functionId: string, scope: RoleScope): PolicyDocument[] {
  // The transform needs a deployable CodeUri; the code does not matter for the role.
  const resources = structuredClone((template.Resources ?? {}) as Record<string, Json>);
  for (const { id } of serverlessFunctions(template)) {
    const props = (resources[id]!.Properties ?? {}) as Json;
    resources[id]!.Properties = { ...props, CodeUri: 's3://local/code.zip', InlineCode: undefined };
  }
  let expanded: Record<string, Json>;
  try {
    expanded = samTransform({ ...template, Resources: resources }).Resources as Record<string, Json>;
  } catch (error) {
    // A policy the transform cannot expand is the template's to fix (validate names it too).
    if (error instanceof TransformError) throw new SamError('InvalidPolicies', error.problems.join(' '));
    throw error;
  }
  const role = expanded[`${functionId}Role`]?.Properties as Json | undefined;
  if (!role) return [];
  // A managed policy ARN the emulator does not model grants nothing there, so it grants nothing here either.
  const managed = ((role.ManagedPolicyArns ?? []) as unknown[])
    .map((arn) => MANAGED_POLICIES[String(arn).split('/').at(-1) ?? ''])
    .filter((statements) => statements !== undefined)
    .map((statements) => ({ Version: '2012-10-17', Statement: statements }));
  const inline = ((role.Policies ?? []) as Array<{ PolicyDocument: unknown }>).map((p) => p.PolicyDocument);
  return resolve(scopeFor(template, scope), [...managed, ...inline]) as PolicyDocument[];
}
