import type { IncomingMessage, ServerResponse } from 'node:http';
import { AwsError } from '../../core/aws-error.ts';
import { requestId as newRequestId } from '../../core/ids.ts';
import type { EmulatorRuntime, UnsignedRoute } from '../../core/types.ts';
import { notImplemented } from '../../protocols/query.ts';
import { writeRestJsonError } from '../../protocols/rest-errors.ts';
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
    matches: (req, url) =>
      req.headers[BEARER_HEADER] !== undefined ||
      url.pathname === '/federation/credentials' ||
      url.pathname === '/logout' ||
      url.pathname in UNSUPPORTED,
    async handle(req: IncomingMessage, res: ServerResponse, runtime: EmulatorRuntime) {
      const requestId = newRequestId();
      try {
        const url = new URL(req.url ?? '/', 'http://portal');
        const header = req.headers[BEARER_HEADER];
        const accessToken = Array.isArray(header) ? header[0] : header;
        req.resume();
        if (req.method === 'GET' && url.pathname === '/federation/credentials') {
          const output = getRoleCredentials(
            {
              accessToken,
              accountId: url.searchParams.get('account_id'),
              roleName: url.searchParams.get('role_name'),
            },
            sessions,
            runtime,
          );
          return writeJson(res, output, requestId);
        }
        if (req.method === 'POST' && url.pathname === '/logout') {
          logout(accessToken, sessions);
          return writeJson(res, {}, requestId);
        }
        const unsupported = UNSUPPORTED[url.pathname];
        if (unsupported) throw notImplemented('sso', unsupported);
        throw new AwsError(
          'UnknownOperationException',
          `The IAM Identity Center portal has no ${req.method} ${url.pathname}`,
          404,
        );
      } catch (error) {
        if (!(error instanceof AwsError)) throw error;
        writeRestJsonError(res, error, requestId);
      }
    },
  };
}

function writeJson(res: ServerResponse, output: unknown, requestId: string): void {
  const body = JSON.stringify(output);
  res.writeHead(200, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    'x-amzn-requestid': requestId,
  });
  res.end(body);
}
