import { BlockList, isIP } from 'node:net';
import { wildcardRegex } from './iam-wildcard.ts';

/**
 * IAM's Condition block, decided against the facts of one request (its context keys, lower-cased).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 * Written here: the npm packages that evaluate IAM policies are AGPL-licensed or carry all of AWS's service
 * data (tens of MB), for the dozen operators a course's policies use.
 *
 * A block holds when every operator holds; an operator holds when every key it names holds; a key holds
 * when its value matches any of the listed values (for a negated operator: none of them). A key the request
 * does not have fails a positive operator and passes a negated one; `…IfExists` passes it; `Null` tests
 * exactly whether it is there.
 */
export type ConditionContext = Record<string, string>;

type Compare = (actual: string, expected: string) => boolean;

const like =
  (ignoreCase: boolean): Compare =>
  (actual, expected) =>
    wildcardRegex(expected, ignoreCase).test(actual);

/** Compares two values after `parse` (as numbers, or dates); a value that does not parse matches nothing. */
const ordered =
  (parse: (value: string) => number) =>
  (test: (a: number, b: number) => boolean): Compare =>
  (actual, expected) => {
    const a = parse(actual);
    const b = parse(expected);
    return Number.isFinite(a) && Number.isFinite(b) && test(a, b);
  };

const numeric = ordered(Number);
/** Dates as ISO 8601 or epoch seconds, as IAM accepts them. */
const date = ordered((value) => (/^\d+$/.test(value) ? Number(value) * 1000 : Date.parse(value)));

/** An address against a CIDR block or one address, IPv4 or IPv6, by node's own BlockList. */
const subnets = new Map<string, BlockList>();
const inSubnet: Compare = (actual, expected) => {
  let list = subnets.get(expected);
  if (!list) {
    list = new BlockList();
    const [address = '', bits] = expected.split('/');
    const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (isIP(address) === 0) return false;
    if (bits === undefined) list.addAddress(address, family);
    else list.addSubnet(address, Number(bits), family);
    subnets.set(expected, list);
  }
  const family = isIP(actual);
  return family !== 0 && list.check(actual, family === 6 ? 'ipv6' : 'ipv4');
};

/** Each operator's test of one value, and whether the operator is the negated form. */
const OPERATORS: Record<string, { test: Compare; negated?: boolean }> = {
  StringEquals: { test: (a, b) => a === b },
  StringNotEquals: { test: (a, b) => a === b, negated: true },
  StringEqualsIgnoreCase: { test: (a, b) => a.toLowerCase() === b.toLowerCase() },
  StringNotEqualsIgnoreCase: { test: (a, b) => a.toLowerCase() === b.toLowerCase(), negated: true },
  StringLike: { test: like(false) },
  StringNotLike: { test: like(false), negated: true },
  // IAM documents ArnEquals and ArnLike as the same test: wildcards allowed in either.
  ArnEquals: { test: like(false) },
  ArnLike: { test: like(false) },
  ArnNotEquals: { test: like(false), negated: true },
  ArnNotLike: { test: like(false), negated: true },
  Bool: { test: (a, b) => a.toLowerCase() === b.toLowerCase() },
  IpAddress: { test: inSubnet },
  NotIpAddress: { test: inSubnet, negated: true },
};

/** Numeric* and Date*: the same comparisons of numbers and of dates (and NotEquals, negated). */
const ORDERINGS: Record<string, (a: number, b: number) => boolean> = {
  Equals: (a, b) => a === b,
  LessThan: (a, b) => a < b,
  LessThanEquals: (a, b) => a <= b,
  GreaterThan: (a, b) => a > b,
  GreaterThanEquals: (a, b) => a >= b,
};
for (const [family, compare] of [
  ['Numeric', numeric],
  ['Date', date],
] as const) {
  for (const [name, order] of Object.entries(ORDERINGS))
    OPERATORS[`${family}${name}`] = { test: compare(order) };
  OPERATORS[`${family}NotEquals`] = { test: compare(ORDERINGS.Equals!), negated: true };
}

/** `ForAnyValue:StringLike`, `StringEqualsIfExists`… → the base operator, or undefined if IAM has none such. */
function parseOperator(name: string): { base: string; ifExists: boolean } | undefined {
  // Every context key here holds one value, for which IAM's set qualifiers decide as the plain operator.
  const unqualified = name.replace(/^(ForAnyValue|ForAllValues):/, '');
  const ifExists = unqualified.endsWith('IfExists') && unqualified !== 'IfExists';
  const base = ifExists ? unqualified.slice(0, -'IfExists'.length) : unqualified;
  if (base === 'Null' && !ifExists) return { base, ifExists };
  return OPERATORS[base] ? { base, ifExists } : undefined;
}

/** Whether IAM knows `operator` and the emulator evaluates it (Binary* it does not). */
export function isSupportedOperator(operator: string): boolean {
  return parseOperator(operator) !== undefined;
}

/** `${aws:username}`, `${aws:username, 'none'}`, and the escapes `${*}`, `${?}`, `${$}`. */
export const POLICY_VARIABLE = /\$\{([^}]*)\}/g;
const ESCAPES: Record<string, string> = { '*': '*', '?': '?', $: '$' };

/** A policy variable's value in this request: its key's, else its default, else undefined. */
export function variableValue(variable: string, context: ConditionContext): string | undefined {
  const escaped = ESCAPES[variable.trim()];
  if (escaped !== undefined) return escaped;
  const [, key = '', fallback] = /^\s*([^,\s]+)\s*(?:,\s*'([^']*)'\s*)?$/.exec(variable) ?? [];
  return context[key.toLowerCase()] ?? fallback;
}

/** A condition value with its policy variables replaced; undefined when the request lacks one. */
function resolved(value: string, context: ConditionContext): string | undefined {
  let missing = false;
  const text = value.replace(POLICY_VARIABLE, (_, variable: string) => {
    const replacement = variableValue(variable, context);
    if (replacement === undefined) missing = true;
    return replacement ?? '';
  });
  return missing ? undefined : text;
}

/** `variables` is the request's context when the policy's grammar (2012-10-17) has policy variables. */
export function conditionsHold(
  block: Record<string, Record<string, string[]>>,
  context: ConditionContext,
  variables?: ConditionContext,
): boolean {
  for (const [operator, keys] of Object.entries(block)) {
    const parsed = parseOperator(operator);
    if (!parsed) return false; // refused when the policy was parsed; never true by accident
    for (const [key, expected] of Object.entries(keys)) {
      const actual = context[key.toLowerCase()];
      if (parsed.base === 'Null') {
        const wantsAbsent = expected.some((value) => value.toLowerCase() === 'true');
        if ((actual === undefined) !== wantsAbsent) return false;
        continue;
      }
      const { test, negated } = OPERATORS[parsed.base]!;
      if (actual === undefined) {
        if (parsed.ifExists || negated) continue;
        return false;
      }
      const values = variables
        ? expected.flatMap((value) => (value.includes('${') ? (resolved(value, variables) ?? []) : [value]))
        : expected;
      const matches = values.some((value) => test(actual, value));
      if (negated ? matches : !matches) return false;
    }
  }
  return true;
}
