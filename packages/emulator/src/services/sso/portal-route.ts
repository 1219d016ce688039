import { AwsError } from '../../core/aws-error.ts';
import { requestId as newRequestId } from '../../core/ids.ts';
import type { EmulatorRuntime, UnsignedRoute } from '../../core/types.ts';
import { headerOf, type WireRequest } from '../../core/wire.ts';
import { notImplemented } from '../../protocols/not-implemented.ts';
import { restJsonError, restJsonResponse } from '../../protocols/rest-json.ts';
import type { AnySsoOperation } from './sso-operation.ts';
import type { SsoSessions } from './sso-sessions.ts';

/** The portal's bearer-token header: its calls carry the access token, never a SigV4 signature. */
const BEARER_HEADER = 'x-amz-sso_bearer_token';

/** The portal's operations the emulator does not serve (the AWS CLI's `aws sso login` picks an account and role with them). */
const UNSUPPORTED: Record<string, string> = {
  '/assignment/accounts': 'ListAccounts',
  '/assignment/roles': 'ListAccountRoles',
};

/**
 * The IAM Identity Center portal (portal.sso.<region>.amazonaws.com): REST-JSON calls authenticated by the
 * access token `aws sso login` cached, which the SDK's SSO credential provider sends as they are.
 * https://docs.aws.amazon.com/singlesignon/latest/PortalAPIReference/welcome.html
 */
export function portalRoute(operations: AnySsoOperation[], sessions: SsoSessions): UnsignedRoute {
  return {
    matches: (request, url) =>
      request.headers[BEARER_HEADER] !== undefined ||
      operations.some((operation) => operation.path === url.pathname) ||
      url.pathname in UNSUPPORTED,
    async handle(request: WireRequest, runtime: EmulatorRuntime) {
      const requestId = newRequestId();
      try {
        const url = new URL(request.target, 'http://portal');
        const accessToken = headerOf(request, BEARER_HEADER);
        request.body.resume();
        const operation = operations.find(
          (candidate) => candidate.method === request.method && candidate.path === url.pathname,
        );
        if (operation) {
          const input = operation.input({ accessToken, query: url.searchParams, body: undefined });
          return restJsonResponse(200, await operation.handle(input, { runtime }, sessions), requestId);
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
