import { AwsError } from './aws-error.ts';
import { isSupportedOperator } from './policy-conditions.ts';
import type { PolicyDocument, PolicyStatement } from './types.ts';

/**
 * An identity or session policy checked as IAM checks one, and put in the one shape the evaluator reads:
 * `Statement` an array (IAM also takes a single object), each statement with Effect, one of Action and
 * NotAction, one of Resource and NotResource, and a Condition whose values are string lists. Anything
 * else is IAM's MalformedPolicyDocument, with what to change; `where` names the policy in the message.
 */
export function policyDocument(value: unknown, where = 'The policy'): PolicyDocument {
  if (!isObject(value)) throw malformed(`${where} must be a JSON object with a Statement.`);
  const statements = Array.isArray(value.Statement) ? value.Statement : [value.Statement];
  if (value.Statement === undefined || statements.length === 0) {
    throw malformed(`${where} has no Statement: give it at least one.`);
  }
  return {
    // IAM's default: a policy without Version is read in the 2008 grammar, without policy variables.
    Version: typeof value.Version === 'string' ? value.Version : '2008-10-17',
    Statement: statements.map((statement, i) => policyStatement(statement, `${where}, statement ${i + 1}`)),
  };
}

function policyStatement(value: unknown, where: string): PolicyStatement {
  if (!isObject(value)) throw malformed(`${where} is not an object.`);
  if (value.Effect !== 'Allow' && value.Effect !== 'Deny') {
    throw malformed(`${where}: Effect must be "Allow" or "Deny".`);
  }
  if (value.Principal !== undefined || value.NotPrincipal !== undefined) {
    throw malformed(`${where}: Policy document should not specify a principal.`);
  }
  const statement: PolicyStatement = { Effect: value.Effect };
  const action = oneOf(value, 'Action', 'NotAction', where, 'Policy statement must contain actions.');
  const resource = oneOf(value, 'Resource', 'NotResource', where, 'Policy statement must contain resources.');
  statement[action.name] = action.values;
  statement[resource.name] = resource.values;
  if (value.Condition !== undefined) statement.Condition = condition(value.Condition, where);
  return statement;
}

function oneOf<K extends 'Action' | 'Resource'>(
  value: Record<string, unknown>,
  name: K,
  negated: `Not${K}`,
  where: string,
  missing: string,
): { name: K | `Not${K}`; values: string[] } {
  if (value[name] !== undefined && value[negated] !== undefined) {
    throw malformed(`${where}: use ${name} or ${negated}, not both.`);
  }
  const key = value[name] !== undefined ? name : negated;
  if (value[key] === undefined) throw malformed(`${where}: ${missing}`);
  return { name: key, values: stringList(value[key], `${where}: ${key}`) };
}

function condition(value: unknown, where: string): Record<string, Record<string, string[]>> {
  if (!isObject(value)) throw malformed(`${where}: Condition must be an object of operators.`);
  const block: Record<string, Record<string, string[]>> = {};
  for (const [operator, keys] of Object.entries(value)) {
    if (!isSupportedOperator(operator)) {
      throw malformed(
        `${where}: the condition operator ${operator} is not one cloudlab's emulator evaluates (String*, Arn*, Numeric*, Date*, Bool, IpAddress, Null, with IfExists); run this lab with --target aws to use it.`,
      );
    }
    if (!isObject(keys)) throw malformed(`${where}: ${operator} must map condition keys to values.`);
    block[operator] = {};
    for (const [key, values] of Object.entries(keys)) {
      block[operator][key] = stringList(values, `${where}: ${operator} ${key}`, true);
    }
  }
  return block;
}

/** A string or a list of strings (IAM also takes numbers and booleans as condition values). */
function stringList(value: unknown, where: string, scalars = false): string[] {
  const list = Array.isArray(value) ? value : [value];
  const ok = (item: unknown) =>
    typeof item === 'string' || (scalars && (typeof item === 'number' || typeof item === 'boolean'));
  if (list.length === 0 || !list.every(ok))
    throw malformed(`${where} must be a string or a list of strings.`);
  return list.map(String);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function malformed(message: string): AwsError {
  return new AwsError('MalformedPolicyDocument', message);
}
