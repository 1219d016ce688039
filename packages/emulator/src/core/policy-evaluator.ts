import type { PolicyDocument } from './types.ts';

export type Decision = 'allow' | 'explicit-deny' | 'implicit-deny';

/**
 * The part of IAM's evaluation logic the labs need: an explicit Deny wins, otherwise an Allow is
 * required; `*` and `?` wildcards in Action and Resource; action names compare case-insensitively.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 */
export function evaluatePolicies(policies: PolicyDocument[], action: string, resource: string): Decision {
  let allowed = false;
  for (const policy of policies) {
    for (const statement of policy.Statement) {
      if (!matchesAny(statement.Action, action, true) || !matchesAny(statement.Resource, resource, false))
        continue;
      if (statement.Effect === 'Deny') return 'explicit-deny';
      if (statement.Effect === 'Allow') allowed = true;
    }
  }
  return allowed ? 'allow' : 'implicit-deny';
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
