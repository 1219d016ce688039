import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { PolicyDocument } from '@cloudlab/cfn-templates';
import { SamError } from './sam-error.ts';

/** Credentials as the SDK's clients take them and STS issues them. */
export interface IssuedCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

/**
 * Credentials that may do what a function's role may do, and nothing else, before the role exists: STS
 * AssumeRole with the role's policies as the session policy. The emulator has no IAM, so any role ARN of the
 * caller's account can be assumed and the session policy alone bounds the session — the deployed role's
 * permissions, evaluated by the same policy engine. (On AWS the role must exist and trust the caller, which
 * is why local invoke uses this on an emulator endpoint only.)
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
 */
export interface RoleSessionOptions {
  functionId: string;
  accountId: string;
  region: string;
  endpoint: string;
  /** Who asks for the session (the caller's own credentials). */
  credentials?: IssuedCredentials;
  /** The role's identity policies (functionRolePolicies). */
  policies: PolicyDocument[];
}

/** AssumeRole's limit on the inline session policy, in characters. */
const SESSION_POLICY_MAX = 2048;

/** One document with every statement of the role's policies: a session takes one inline policy. */
export function sessionPolicy(policies: PolicyDocument[]): string {
  const versions = new Set(policies.map((p) => p.Version ?? '2008-10-17'));
  // Versions only differ in whether ${…} in a Resource is a policy variable; the newer grammar is SAM's own.
  const Version = versions.size === 1 ? [...versions][0] : '2012-10-17';
  return JSON.stringify({ Version, Statement: policies.flatMap((p) => p.Statement) });
}

export async function roleCredentials(options: RoleSessionOptions): Promise<IssuedCredentials> {
  const { functionId, accountId, region, endpoint, credentials } = options;
  const statements = options.policies.flatMap((p) => p.Statement);
  // A role without statements may do nothing; an empty session policy is not valid, so deny explicitly.
  const policy = statements.length
    ? sessionPolicy(options.policies)
    : JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }] });
  if (policy.length > SESSION_POLICY_MAX) {
    throw new SamError(
      'PolicyTooLarge',
      `The policies of ${functionId}'s role are ${policy.length} characters as one session policy; local invoke can pass at most ${SESSION_POLICY_MAX} — a function that reads parameters needs one policy template (SSMParameterReadPolicy)`,
    );
  }
  const sts = new STSClient({ region, endpoint, ...(credentials ? { credentials } : {}) });
  try {
    const out = await sts.send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${accountId}:role/${functionId}Role`,
        RoleSessionName: 'local-invoke',
        Policy: policy,
        DurationSeconds: 3600,
      }),
    );
    const issued = out.Credentials!;
    return {
      accessKeyId: issued.AccessKeyId!,
      secretAccessKey: issued.SecretAccessKey!,
      ...(issued.SessionToken ? { sessionToken: issued.SessionToken } : {}),
      ...(issued.Expiration ? { expiration: issued.Expiration } : {}),
    };
  } catch (error) {
    if ((error as Error).name === 'MalformedPolicyDocument') {
      throw new SamError(
        'MalformedPolicyDocument',
        `${functionId}'s role policy is not valid IAM: ${(error as Error).message}`,
      );
    }
    throw error;
  } finally {
    sts.destroy();
  }
}
