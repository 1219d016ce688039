import type { LogoutCommandOutput, LogoutRequest } from '@aws-sdk/client-sso';
import type { OutputOf } from '../../../core/operation.ts';
import { unauthorized } from '../sso-errors.ts';
import type { SsoOperation } from '../sso-operation.ts';

/**
 * https://docs.aws.amazon.com/singlesignon/latest/PortalAPIReference/API_Logout.html
 * Ends the sign-in: the token answers UnauthorizedException from now on. Role credentials already issued
 * keep working until they expire, as on AWS.
 */
export const logout: SsoOperation<Partial<LogoutRequest>, OutputOf<LogoutCommandOutput>> = {
  name: 'Logout',
  iamAction: null,
  auth: 'bearer',
  method: 'POST',
  path: '/logout',
  input: ({ accessToken }) => ({ accessToken }),
  async handle({ accessToken }, _ctx, sessions) {
    if (!accessToken || !sessions.find(accessToken)) throw unauthorized();
    sessions.end(accessToken);
    return {};
  },
};
