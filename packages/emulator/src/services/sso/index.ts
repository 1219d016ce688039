import { AwsError } from '../../core/aws-error.ts';
import type { ServiceFactory } from '../../core/types.ts';
import { parseJsonBody } from '../../protocols/json-1-1.ts';
import { restJsonError, restJsonResponse } from '../../protocols/rest-json.ts';
import { startSession } from './actions/start-session.ts';
import { portalRoute } from './portal-route.ts';
import { SsoSessions } from './sso-sessions.ts';

/** Where the emulator's sign-in (its stand-in for `aws sso login`) is asked for, signed with SigV4. */
export const SSO_START_SESSION_PATH = '/_cloudlab/sso/start-session';

/**
 * IAM Identity Center's portal (signing name awsssoportal): GetRoleCredentials and Logout for a bearer
 * token, so SSO profiles resolve offline; the token comes from a signed sign-in only the emulator has.
 */
export const createSsoService: ServiceFactory = (runtime) => {
  const sessions = new SsoSessions(() => runtime.now());
  return {
    signingName: 'awsssoportal',
    protocol: 'rest-json',
    unsignedRoutes: [portalRoute(sessions)],
    async handle(request, ctx) {
      try {
        if (request.method !== 'POST' || ctx.url.pathname !== SSO_START_SESSION_PATH) {
          throw new AwsError(
            'UnknownOperationException',
            `Signed calls to the portal are the emulator's sign-in only: POST ${SSO_START_SESSION_PATH}`,
            404,
          );
        }
        return restJsonResponse(200, startSession(parseJsonBody(ctx.body), ctx, sessions), ctx.requestId);
      } catch (error) {
        if (!(error instanceof AwsError)) throw error;
        return restJsonError(error, ctx.requestId);
      }
    },
    deleteAccount: async (accountId) => sessions.deleteAccount(accountId),
  };
};
