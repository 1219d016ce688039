import { AwsError } from '../../core/aws-error.ts';
import type { RequestContext } from '../../core/types.ts';
import { type ParameterRecord, ParameterStore } from './parameter-store.ts';
import type { Ssm } from './ssm-context.ts';

/**
 * Parameter policies: https://docs.aws.amazon.com/systems-manager/latest/userguide/parameter-store-policies.html
 * `Policies` is a JSON array of { Type, Version: "1.0", Attributes }. Expiration deletes the parameter at its
 * Timestamp; the two notification types only send EventBridge events on AWS, which the emulator has no bus
 * for, so it validates and stores them.
 */

export interface StoredPolicy {
  type: 'Expiration' | 'ExpirationNotification' | 'NoChangeNotification';
  /** The policy as the caller wrote it: DescribeParameters answers it back as PolicyText. */
  text: string;
  /** Epoch milliseconds, for Expiration only. */
  expiresAt?: number;
}

const MAX_POLICIES = 10;
const TYPES = ['Expiration', 'ExpirationNotification', 'NoChangeNotification'] as const;
const UNITS = ['Days', 'Hours'];

const attributeError = (message: string) => new AwsError('InvalidPolicyAttributeException', message);

/** Parses and checks PutParameter's `Policies`, answering AWS's error code for each kind of mistake. */
export function parsePolicies(text: string, now: number): StoredPolicy[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw attributeError(
      'Policies must be a JSON array of policies: [{"Type":…,"Version":"1.0","Attributes":{…}}].',
    );
  }
  const list = Array.isArray(parsed) ? parsed : [parsed];
  if (list.length > MAX_POLICIES) {
    throw new AwsError(
      'PoliciesLimitExceededException',
      `A parameter can have at most ${MAX_POLICIES} policies; this request has ${list.length}.`,
    );
  }
  const policies = list.map((policy) => parseOne(policy, now));
  for (const type of TYPES) {
    if (policies.filter((p) => p.type === type).length > 1) {
      throw new AwsError(
        'IncompatiblePolicyException',
        `A parameter can have only one ${type} policy. Remove the duplicate and try again.`,
      );
    }
  }
  return policies;
}

function parseOne(policy: unknown, now: number): StoredPolicy {
  if (typeof policy !== 'object' || policy === null)
    throw attributeError('Each policy must be a JSON object.');
  const { Type, Version, Attributes } = policy as Record<string, unknown>;
  if (!TYPES.includes(Type as StoredPolicy['type'])) {
    throw new AwsError(
      'InvalidPolicyTypeException',
      `The policy type ${String(Type)} is not supported. Use Expiration, ExpirationNotification or NoChangeNotification.`,
    );
  }
  if (Version !== '1.0')
    throw attributeError(`The policy Version must be "1.0", got ${JSON.stringify(Version)}.`);
  const attributes = (typeof Attributes === 'object' && Attributes !== null ? Attributes : {}) as Record<
    string,
    unknown
  >;
  const type = Type as StoredPolicy['type'];
  const text = JSON.stringify(policy);
  if (type === 'Expiration') {
    const stamp = attributes.Timestamp;
    const at = typeof stamp === 'string' ? Date.parse(stamp) : Number.NaN;
    if (Number.isNaN(at)) {
      throw attributeError(
        'An Expiration policy needs Attributes.Timestamp in ISO 8601 form, for example 2030-12-02T21:34:33.000Z.',
      );
    }
    if (at <= now)
      throw attributeError(`The Expiration Timestamp ${stamp} is in the past: give a future time.`);
    return { type, text, expiresAt: at };
  }
  const key = type === 'ExpirationNotification' ? 'Before' : 'After';
  const amount = attributes[key];
  if (typeof amount !== 'string' || !/^[1-9]\d*$/.test(amount)) {
    throw attributeError(
      `A ${type} policy needs Attributes.${key}: a whole number as a string, such as "15".`,
    );
  }
  if (!UNITS.includes(attributes.Unit as string)) {
    throw attributeError(`A ${type} policy needs Attributes.Unit: Days or Hours.`);
  }
  return { type, text };
}

/**
 * The policies a new version carries: those given (an empty `[]` removes them all), else the previous
 * version's, as AWS keeps a parameter's policies across an overwrite that does not name them.
 */
export function policiesFor(
  text: string | undefined,
  previous: StoredPolicy[] | undefined,
  now: number,
): StoredPolicy[] {
  if (text === undefined) return previous ?? [];
  return text.trim() === '' ? [] : parsePolicies(text, now);
}

/** Standard parameters carry no policies: the tier a request resolved to must be Advanced. */
export function requireAdvancedForPolicies(tier: string): void {
  if (tier !== 'Advanced') {
    throw new AwsError(
      'ValidationException',
      'Parameter policies are supported only for parameters in the advanced tier. Put the parameter with Tier Advanced (or Intelligent-Tiering) and try again.',
    );
  }
}

const expiresAt = (record: ParameterRecord) =>
  record.versions.at(-1)?.policies?.find((p) => p.type === 'Expiration')?.expiresAt;

/**
 * Deletes the parameters of the caller's account and region whose Expiration has passed. AWS deletes them
 * in the background; running this before each request is indistinguishable to a caller.
 */
export async function deleteExpired(ssm: Ssm, ctx: RequestContext): Promise<void> {
  const now = ctx.runtime.now();
  const scope = ParameterStore.scopeOf(ctx.principal.accountId, ctx.region);
  for (const record of ssm.store.list(scope)) {
    const at = expiresAt(record);
    if (at !== undefined && at <= now) await ssm.store.commit({ t: 'delete', scope, name: record.name });
  }
}

/** The `Policies` member of DescribeParameters' ParameterMetadata. */
export const policiesShape = (policies: StoredPolicy[] = []) =>
  policies.map((p) => ({ PolicyText: p.text, PolicyType: p.type, PolicyStatus: 'Pending' }));
