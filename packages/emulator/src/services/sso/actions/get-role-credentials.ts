import { createHash } from 'node:crypto';
import type { GetRoleCredentialsRequest, GetRoleCredentialsResponse } from '@aws-sdk/client-sso';
import { RECORD_BYTES } from '../../../core/ingress-ledger.ts';
import { invalidRequest, noAccess, unauthorized } from '../sso-errors.ts';
import type { SsoOperation } from '../sso-operation.ts';

/** A permission set's session duration when nobody changed it: one hour. */
const ROLE_SESSION_SECONDS = 3600;

/**
 * https://docs.aws.amazon.com/singlesignon/latest/PortalAPIReference/API_GetRoleCredentials.html
 * Temporary credentials of the role IAM Identity Center made for the permission set in that account. The
 * role is named AWSReservedSSO_<set>_<suffix>, so GetCallerIdentity shows the session as an assumed role.
 */
export const getRoleCredentials: SsoOperation<
  Partial<GetRoleCredentialsRequest>,
  GetRoleCredentialsResponse
> = {
  name: 'GetRoleCredentials',
  iamAction: null,
  auth: 'bearer',
  method: 'GET',
  path: '/federation/credentials',
  input: ({ accessToken, query }) => ({
    accessToken,
    accountId: query.get('account_id') ?? undefined,
    roleName: query.get('role_name') ?? undefined,
  }),
  async handle(input, { runtime }, sessions) {
    if (!input.accessToken) throw unauthorized();
    if (!input.roleName) throw invalidRequest('role_name is required: the permission set to sign in with');
    if (!input.accountId) throw invalidRequest('account_id is required: the 12-digit account to sign in to');
    const session = sessions.find(input.accessToken);
    if (!session) throw unauthorized();
    if (input.accountId !== session.accountId || !session.roleNames.includes(input.roleName))
      throw noAccess();

    // The portal is unsigned, so the front door charged nothing: each key minted is the session's account's.
    runtime.ingress.charge(session.accountId, RECORD_BYTES, 'rest-json');
    const suffix = createHash('sha256')
      .update(`${session.accountId}/${input.roleName}`)
      .digest('hex')
      .slice(0, 16);
    const roleName = `AWSReservedSSO_${input.roleName}_${suffix}`;
    const roleId = `AROA${suffix.toUpperCase()}`;
    const issued = runtime.issueCredentials(
      {
        accountId: session.accountId,
        arn: `arn:aws:sts::${session.accountId}:assumed-role/${roleName}/${session.userName}`,
        userId: `${roleId}:${session.userName}`,
        type: 'assumed-role',
      },
      ROLE_SESSION_SECONDS,
    );
    return {
      roleCredentials: {
        accessKeyId: issued.accessKeyId,
        secretAccessKey: issued.secretAccessKey,
        sessionToken: issued.sessionToken,
        // Epoch milliseconds, unlike STS's ISO dates.
        expiration: issued.expiration!.getTime(),
      },
    };
  },
};
