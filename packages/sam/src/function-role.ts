import type { PolicyDocument } from '@cloudlab/emulator';
import { type ResolveScope, resolve, samTransform } from '@cloudlab/emulator/templates';
import { type Json, serverlessFunctions } from './template-file.ts';

/**
 * The identity policies SAM gives a function's generated role (policy templates expanded, intrinsics resolved
 * for this account and region) — what local invoke scopes its credentials to, as the deployed function would be.
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
  const expanded = samTransform({ ...template, Resources: resources }).Resources as Record<string, Json>;
  const role = expanded[`${functionId}Role`]?.Properties as Json | undefined;
  if (!role) return [];
  const docs = ((role.Policies ?? []) as Array<{ PolicyDocument: unknown }>).map((p) => p.PolicyDocument);
  return resolve(scopeFor(template, scope), docs) as PolicyDocument[];
}
