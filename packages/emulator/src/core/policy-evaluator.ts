import { escapeRegex, wildcardBody, wildcardRegex } from './iam-wildcard.ts';
import {
  type ConditionContext,
  conditionsHold,
  POLICY_VARIABLE,
  variableValue,
} from './policy-conditions.ts';
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
    // Policy variables are IAM's only from the 2012-10-17 grammar on; before it `${…}` is literal text.
    const variables = policy.Version === '2012-10-17' ? context : undefined;
    for (const statement of policy.Statement) {
      if (!applies(statement, action, resource, context, variables)) continue;
      if (statement.Effect === 'Deny') return 'explicit-deny';
      if (statement.Effect === 'Allow') allowed = true;
    }
  }
  return allowed ? 'allow' : 'implicit-deny';
}

function applies(
  statement: PolicyStatement,
  action: string,
  resource: string,
  context: ConditionContext,
  variables: ConditionContext | undefined,
) {
  const actionMatches =
    statement.NotAction !== undefined
      ? !matchesAny(statement.NotAction, action, true)
      : matchesAny(statement.Action ?? [], action, true);
  const resourceMatches =
    statement.NotResource !== undefined
      ? !matchesAny(statement.NotResource, resource, false, variables)
      : matchesAny(statement.Resource ?? [], resource, false, variables);
  return (
    actionMatches &&
    resourceMatches &&
    (statement.Condition === undefined || conditionsHold(statement.Condition, context, variables))
  );
}

function matchesAny(
  patterns: string | string[],
  value: string,
  ignoreCase: boolean,
  variables?: ConditionContext,
): boolean {
  const list = Array.isArray(patterns) ? patterns : [patterns];
  return list.some((pattern) => {
    if (variables && pattern.includes('${')) return withVariables(pattern, variables)?.test(value) ?? false;
    return wildcardRegex(pattern, ignoreCase).test(value);
  });
}

/**
 * A Resource pattern with its policy variables (`${aws:username}`) replaced by the request's values, taken
 * literally; undefined when the request lacks one, so that the pattern matches nothing, as in IAM.
 */
function withVariables(pattern: string, variables: ConditionContext): RegExp | undefined {
  let body = '';
  let last = 0;
  for (const match of pattern.matchAll(POLICY_VARIABLE)) {
    const value = variableValue(match[1]!, variables);
    if (value === undefined) return undefined;
    body += wildcardBody(pattern.slice(last, match.index)) + escapeRegex(value);
    last = match.index + match[0].length;
  }
  return new RegExp(`^${body}${wildcardBody(pattern.slice(last))}$`);
}
