import { type ConditionContext, conditionsHold } from './policy-conditions.ts';
import type { PolicyDocument, PolicyStatement } from './types.ts';

export type Decision = 'allow' | 'explicit-deny' | 'implicit-deny';

/**
 * The part of IAM's evaluation logic the labs need: an explicit Deny wins, otherwise an Allow is
 * required; `*` and `?` wildcards in Action and Resource (and their Not forms); action names compare
 * case-insensitively; a statement with a Condition applies only when it holds for `context`.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 */
export function evaluatePolicies(
  policies: PolicyDocument[],
  action: string,
  resource: string,
  context: ConditionContext = {},
): Decision {
  let allowed = false;
  for (const policy of policies) {
    for (const statement of policy.Statement) {
      if (!applies(statement, action, resource, context)) continue;
      if (statement.Effect === 'Deny') return 'explicit-deny';
      if (statement.Effect === 'Allow') allowed = true;
    }
  }
  return allowed ? 'allow' : 'implicit-deny';
}

function applies(statement: PolicyStatement, action: string, resource: string, context: ConditionContext) {
  const actionMatches =
    statement.NotAction !== undefined
      ? !matchesAny(statement.NotAction, action, true)
      : matchesAny(statement.Action ?? [], action, true);
  const resourceMatches =
    statement.NotResource !== undefined
      ? !matchesAny(statement.NotResource, resource, false)
      : matchesAny(statement.Resource ?? [], resource, false);
  return (
    actionMatches &&
    resourceMatches &&
    (statement.Condition === undefined || conditionsHold(statement.Condition, context))
  );
}

function matchesAny(patterns: string | string[], value: string, ignoreCase: boolean): boolean {
  const list = Array.isArray(patterns) ? patterns : [patterns];
  return list.some((pattern) => wildcard(pattern, ignoreCase).test(value));
}

const cache = new Map<string, RegExp>();

function wildcard(pattern: string, ignoreCase: boolean): RegExp {
  const key = `${ignoreCase ? 'i' : 's'}:${pattern}`;
  let regex = cache.get(key);
  if (!regex) {
    const body = pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.');
    regex = new RegExp(`^${body}$`, ignoreCase ? 'i' : '');
    cache.set(key, regex);
  }
  return regex;
}
