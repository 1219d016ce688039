import type { Parameter, Stack as StackOutput } from '@aws-sdk/client-cloudformation';
import { AwsError } from '../../core/aws-error.ts';
import type { RequestContext } from '../../core/types.ts';
import type { QueryParams } from '../../protocols/query.ts';
import { type Stack, stackKey, stacksOf } from './stack-state.ts';

/** The query protocol's flattened lists (`Capabilities.member.1`, `Parameters.member.2.ParameterKey`). */
export function members(params: QueryParams, prefix: string): Array<Record<string, string>> {
  const out: Array<Record<string, string>> = [];
  for (const [key, value] of Object.entries(params)) {
    const match = new RegExp(`^${prefix}\\.member\\.(\\d+)(?:\\.(.+))?$`).exec(key);
    if (!match) continue;
    const index = Number(match[1]) - 1;
    out[index] ??= {};
    out[index]![match[2] ?? '_'] = value;
  }
  return out.filter(Boolean);
}

export const capabilitiesOf = (params: QueryParams) => members(params, 'Capabilities').map((m) => m._!);

export const tagsOf = (params: QueryParams): Array<{ Key: string; Value: string }> =>
  members(params, 'Tags').map((m) => ({ Key: m.Key!, Value: m.Value ?? '' }));

/** Parameters as given; UsePreviousValue takes the value the stack has now. */
export function givenParameters(
  params: QueryParams,
  previous: Record<string, string> = {},
): Record<string, string> {
  return Object.fromEntries(
    members(params, 'Parameters').map((m) => [
      m.ParameterKey!,
      m.UsePreviousValue === 'true' ? (previous[m.ParameterKey!] ?? '') : (m.ParameterValue ?? ''),
    ]),
  );
}

export function findStack(ctx: RequestContext, nameOrId: string | undefined): Stack {
  const stacks = stacksOf(ctx.runtime);
  const byName = nameOrId ? stacks.get(stackKey(ctx.principal.accountId, nameOrId)) : undefined;
  const stack =
    byName ??
    [...stacks.values()].find((s) => s.stackId === nameOrId && s.accountId === ctx.principal.accountId);
  if (!stack) throw new AwsError('ValidationError', `Stack with id ${nameOrId} does not exist`);
  return stack;
}

export const parameterList = (values: Record<string, string>): Parameter[] =>
  Object.entries(values).map(([ParameterKey, ParameterValue]) => ({ ParameterKey, ParameterValue }));

/** A stack as DescribeStacks reports it. */
export function stackOutput(stack: Stack): StackOutput {
  return {
    StackId: stack.stackId,
    StackName: stack.name,
    ...(stack.description ? { Description: stack.description } : {}),
    Parameters: parameterList(stack.parameters),
    CreationTime: stack.creationTime,
    ...(stack.lastUpdatedTime ? { LastUpdatedTime: stack.lastUpdatedTime } : {}),
    StackStatus: stack.status,
    ...(stack.reason ? { StackStatusReason: stack.reason } : {}),
    DisableRollback: false,
    Capabilities: stack.capabilities as StackOutput['Capabilities'],
    Outputs: stack.outputs,
    Tags: stack.tags,
    EnableTerminationProtection: false,
  };
}
