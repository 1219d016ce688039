import { AwsError } from '../../core/aws-error.ts';
import { constraint, INVALID_NAME, validation } from './errors.ts';

/**
 * Parameter names: https://docs.aws.amazon.com/systems-manager/latest/userguide/sysman-parameter-name-constraints.html
 * a-zA-Z0-9_.-/ only, no "aws"/"ssm" prefix, hierarchies start with "/" and have at most 15 levels.
 */

const MAX_LEVELS = 15;
const MAX_NAME_LENGTH = 1011;

export function validateNewName(name: string): void {
  if (name.length < 1 || name.length > 2048) {
    throw constraint(name, 'name', 'Member must have length less than or equal to 2048');
  }
  const bare = name.replace(/^\//, '').toLowerCase();
  if (name.toLowerCase().startsWith('/aws/')) {
    throw new AwsError('AccessDeniedException', `No access to reserved parameter name: ${name}.`);
  }
  if (bare.startsWith('aws') || bare.startsWith('ssm')) {
    throw validation(
      name.includes('/', 1)
        ? INVALID_NAME
        : 'Parameter name: can\'t be prefixed with "aws" or "ssm" (case-insensitive).',
    );
  }
  const hierarchical = name.includes('/');
  if (
    !/^[a-zA-Z0-9_.\-/]+$/.test(name) ||
    (hierarchical && !name.startsWith('/')) ||
    name.includes('//') ||
    name.endsWith('/')
  ) {
    throw validation(INVALID_NAME);
  }
  if (name.length > MAX_NAME_LENGTH) {
    throw validation(
      `Parameter name: the fully qualified name can be at most ${MAX_NAME_LENGTH} characters.`,
    );
  }
  if (name.split('/').filter(Boolean).length > MAX_LEVELS) {
    throw new AwsError(
      'HierarchyLevelLimitExceededException',
      'A hierarchy can have a maximum of 15 levels. For more information, see Requirements and constraints for parameter names in the AWS Systems Manager User Guide.',
    );
  }
}

/** "/Name" and "Name" are the same root-level parameter; deeper paths are kept as written. */
export function storeKey(name: string): string {
  return name.startsWith('/') && !name.includes('/', 1) ? name.slice(1) : name;
}

/** Accepts a parameter ARN wherever a name is accepted, as AWS does. */
export function nameFromReference(reference: string): string {
  const match = /^arn:aws[a-z-]*:ssm:[^:]*:\d{12}:parameter(\/.*)$/.exec(reference);
  if (!match) return reference;
  const path = match[1]!;
  return path.includes('/', 1) ? path : path.slice(1);
}

export function parameterArn(region: string, accountId: string, name: string): string {
  return `arn:aws:ssm:${region}:${accountId}:parameter${name.startsWith('/') ? '' : '/'}${name}`;
}

/** The absolute form used for path and name matching ("Name" → "/Name"). */
export const absolute = (name: string) => (name.startsWith('/') ? name : `/${name}`);

export interface Selector {
  name: string;
  /** ":3" or ":label", as echoed in the response's Selector. */
  selector?: string;
  version?: number;
  label?: string;
}

/** Splits `name:version` / `name:label` (and ARNs, whose colons are not selectors). */
export function parseSelector(reference: string): Selector {
  const arn = /^(arn:aws[a-z-]*:ssm:[^:]*:\d{12}:parameter\/[^:]*)(?::(.*))?$/.exec(reference);
  const [base, suffix] = arn ? [nameFromReference(arn[1]!), arn[2]] : splitOnce(reference);
  if (suffix === undefined) return { name: base };
  if (/^\d+$/.test(suffix)) return { name: base, selector: `:${suffix}`, version: Number(suffix) };
  return { name: base, selector: `:${suffix}`, label: suffix };
}

function splitOnce(reference: string): [string, string | undefined] {
  const colon = reference.indexOf(':');
  return colon === -1 ? [reference, undefined] : [reference.slice(0, colon), reference.slice(colon + 1)];
}
