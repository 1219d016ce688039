import { createHash } from 'node:crypto';
import type { AssumeRoleResponse } from '@aws-sdk/client-sts';
import { accessDenied } from '../../../core/auth-errors.ts';
import { AwsError } from '../../../core/aws-error.ts';
import { allow } from '../../../core/operation.ts';
import { policyDocument } from '../../../core/policy-document.ts';
import type { PolicyDocument } from '../../../core/types.ts';
import type { StsOperation } from '../sts-operation.ts';
import { credentialsXml, durationSeconds, requireParam, validationError } from '../validation.ts';

const ROLE_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;

/**
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
 * There is no IAM service: any role ARN in the caller's own account can be assumed. The session gets
 * the role's policies from runtime.roles (none attached: the session may do anything).
 */
export const assumeRole: StsOperation<AssumeRoleResponse> = {
  name: 'AssumeRole',
  iamAction: 'sts:AssumeRole',
  async handle(params, ctx) {
    const roleArn = requireParam(params, 'RoleArn');
    const sessionName = requireParam(params, 'RoleSessionName');
    if (!SESSION_NAME.test(sessionName)) {
      throw validationError(
        `1 validation error detected: Value '${sessionName}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*`,
      );
    }
    const ttl = durationSeconds(params, 900, 43200, 3600);
    const match = ROLE_ARN.exec(roleArn);
    if (!match) throw validationError(`${roleArn} is invalid`);
    allow(ctx, assumeRole, roleArn);
    const [, roleAccount, roleName] = match;
    if (roleAccount !== ctx.principal.accountId) {
      // Accounts are isolated: no trust policy can let one account's learner into another's role.
      throw accessDenied(
        'query',
        `User: ${ctx.principal.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
      );
    }

    const roleId = `AROA${createHash('sha256').update(roleArn).digest('hex').slice(0, 17).toUpperCase()}`;
    const arn = `arn:aws:sts::${roleAccount}:assumed-role/${roleName}/${sessionName}`;
    const policies = ctx.runtime.roles.policiesOf(roleArn);
    const sessionPolicy = parseSessionPolicy(params.Policy);
    const credentials = ctx.runtime.issueCredentials(
      {
        accountId: roleAccount!,
        arn,
        userId: `${roleId}:${sessionName}`,
        type: 'assumed-role',
        ...(policies ? { policies } : {}),
        ...(sessionPolicy ? { sessionPolicy } : {}),
      },
      ttl,
    );
    return {
      Credentials: credentialsXml(credentials),
      AssumedRoleUser: { AssumedRoleId: `${roleId}:${sessionName}`, Arn: arn },
    };
  },
};

/** The optional inline session policy (JSON, at most 2048 characters), which narrows the role's rights. */
function parseSessionPolicy(policy: string | undefined): PolicyDocument | undefined {
  if (policy === undefined) return undefined;
  if (policy.length > 2048) {
    throw validationError(
      "1 validation error detected: Value at 'policy' failed to satisfy constraint: Member must have length less than or equal to 2048",
    );
  }
  let document: unknown;
  try {
    document = JSON.parse(policy);
  } catch {
    throw new AwsError(
      'MalformedPolicyDocument',
      'The policy is not valid JSON: check the Policy parameter.',
    );
  }
  return policyDocument(document, 'The session policy');
}
