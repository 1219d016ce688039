import { AwsError } from '../../core/aws-error.ts';
import { requestId as newRequestId } from '../../core/ids.ts';
import type { EmulatorRuntime, UnsignedRoute } from '../../core/types.ts';
import { headerOf, type WireRequest } from '../../core/wire.ts';
import { notImplemented } from '../../protocols/not-implemented.ts';
import { restJsonError, restJsonResponse } from '../../protocols/rest-json.ts';
import { getRoleCredentials } from './actions/get-role-credentials.ts';
import { logout } from './actions/logout.ts';
import type { SsoSessions } from './sso-sessions.ts';

/** The portal's bearer-token header: its calls carry the access token, never a SigV4 signature. */
const BEARER_HEADER = 'x-amz-sso_bearer_token';

/** The portal's other operations (the AWS CLI's `aws sso login` picks an account and role with them). */
const UNSUPPORTED: Record<string, string> = {
  '/assignment/accounts': 'ListAccounts',
  '/assignment/roles': 'ListAccountRoles',
};

/**
 * The IAM Identity Center portal (portal.sso.<region>.amazonaws.com): REST-JSON calls authenticated by the
 * access token `aws sso login` cached, which the SDK's SSO credential provider sends as they are.
 * https://docs.aws.amazon.com/singlesignon/latest/PortalAPIReference/welcome.html
 */
export function portalRoute(sessions: SsoSessions): UnsignedRoute {
  return {
    matches: (request, url) =>
      request.headers[BEARER_HEADER] !== undefined ||
      url.pathname === '/federation/credentials' ||
      url.pathname === '/logout' ||
      url.pathname in UNSUPPORTED,
    async handle(request: WireRequest, runtime: EmulatorRuntime) {
      const requestId = newRequestId();
      try {
        const url = new URL(request.target, 'http://portal');
        const accessToken = headerOf(request, BEARER_HEADER);
        request.body.resume();
        if (request.method === 'GET' && url.pathname === '/federation/credentials') {
          const output = getRoleCredentials(
            {
              accessToken,
              accountId: url.searchParams.get('account_id'),
              roleName: url.searchParams.get('role_name'),
            },
            sessions,
            runtime,
          );
          return restJsonResponse(200, output, requestId);
        }
        if (request.method === 'POST' && url.pathname === '/logout') {
          logout(accessToken, sessions);
          return restJsonResponse(200, {}, requestId);
        }
        const unsupported = UNSUPPORTED[url.pathname];
        if (unsupported) throw notImplemented('sso', unsupported);
        throw new AwsError(
          'UnknownOperationException',
          `The IAM Identity Center portal has no ${request.method} ${url.pathname}`,
          404,
        );
      } catch (error) {
        if (!(error instanceof AwsError)) throw error;
        return restJsonError(error, requestId);
      }
    },
  };
}
