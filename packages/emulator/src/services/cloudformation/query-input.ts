import type { Parameter, Stack as StackOutput, Tag } from '@aws-sdk/client-cloudformation';
import { AwsError } from '../../core/aws-error.ts';
import type { RequestContext } from '../../core/types.ts';
import type { QueryParams } from '../../protocols/query.ts';
import { type Stack, stackKey, stacksOf } from './stack-state.ts';

/** Members the query protocol sends as `true`/`false` in the inputs of the operations served here. */
const BOOLEAN_MEMBERS = new Set([
  'DisableRollback',
  'EnableTerminationProtection',
  'ImportExistingResources',
  'IncludeNestedStacks',
  'IncludePropertyValues',
  'RetainExceptOnCreate',
  'UsePreviousTemplate',
  'UsePreviousValue',
]);
const NUMBER_MEMBERS = new Set(['TimeoutInMinutes']);
/** Never a member name: a key like `__proto__.x` must not reach Object.prototype. */
const UNSAFE = new Set(['__proto__', 'constructor', 'prototype']);

type Node = { [member: string]: Node | string | boolean | number } & { [LIST]?: true };
const LIST = Symbol('list');

/**
 * An operation's input as the SDK shapes it, from the query protocol's flattened form: `Capabilities.member.1`
 * and `Parameters.member.2.ParameterKey` become lists, the boolean and number members their types; the rest
 * stay strings. https://smithy.io/2.0/aws/protocols/aws-query-protocol.html#query-key-resolution
 */
export function queryInput<Input>(params: QueryParams): Input {
  const root: Node = {};
  for (const [key, value] of Object.entries(params)) {
    if (key === 'Action' || key === 'Version') continue;
    const steps = key.split('.');
    if (steps.some((step) => UNSAFE.has(step))) continue;
    let node = root;
    let member = steps[0]!;
    for (let i = 0; i < steps.length; i++) {
      const list = steps[i] === 'member' && /^\d+$/.test(steps[i + 1] ?? '');
      const step = list ? steps[++i]! : steps[i]!;
      if (!list) member = step;
      if (i === steps.length - 1) {
        node[step] = scalar(member, value);
        break;
      }
      const nextIsList = steps[i + 1] === 'member';
      const child = node[step];
      if (typeof child !== 'object') node[step] = nextIsList ? { [LIST]: true } : {};
      node = node[step] as Node;
    }
  }
  return lists(root) as Input;
}

function scalar(member: string, value: string): string | boolean | number {
  if (BOOLEAN_MEMBERS.has(member)) return value === 'true';
  if (NUMBER_MEMBERS.has(member)) return Number(value);
  return value;
}

/** Lists were gathered by index (`member.N`, 1-based, possibly sparse): arrays in index order. */
function lists(node: Node | string | boolean | number): unknown {
  if (typeof node !== 'object') return node;
  const entries = Object.entries(node).map(([k, v]) => [k, lists(v)] as const);
  if (!node[LIST]) return Object.fromEntries(entries);
  return entries.sort(([a], [b]) => Number(a) - Number(b)).map(([, v]) => v);
}

/** A list member as sent; anything else (a member sent as a plain value) reads as empty. */
export const listOf = <T>(value: T[] | undefined): T[] => (Array.isArray(value) ? value : []);

export const tagList = (tags: Tag[] | undefined): Array<{ Key: string; Value: string }> =>
  listOf(tags).map((tag) => ({ Key: String(tag.Key), Value: String(tag.Value ?? '') }));

/** Parameters as given; UsePreviousValue takes the value the stack has now. */
export function givenParameters(
  parameters: Parameter[] | undefined,
  previous: Record<string, string> = {},
): Record<string, string> {
  return Object.fromEntries(
    listOf(parameters).map((p) => [
      String(p.ParameterKey),
      p.UsePreviousValue ? (previous[String(p.ParameterKey)] ?? '') : String(p.ParameterValue ?? ''),
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
    DisableRollback: stack.disableRollback ?? false,
    Capabilities: stack.capabilities as StackOutput['Capabilities'],
    Outputs: stack.outputs,
    Tags: stack.tags,
    EnableTerminationProtection: false,
  };
}
