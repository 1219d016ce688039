import { AwsError } from '../../core/aws-error.ts';
import { registryOf } from '../../core/operation.ts';
import type { ServiceFactory } from '../../core/types.ts';
import { parseJsonBody } from '../../protocols/json-1-1.ts';
import { restJsonError, restJsonResponse } from '../../protocols/rest-json.ts';
import * as actions from './actions/index.ts';
import { portalRoute } from './portal-route.ts';
import type { AnySsoOperation } from './sso-operation.ts';
import { SsoSessions } from './sso-sessions.ts';

/** Every portal operation, one file each in actions/; routed by method and path. */
const operations = [...registryOf<AnySsoOperation>(actions).values()];

/** Where the emulator's sign-in (its stand-in for `aws sso login`) is asked for, signed with SigV4. */
export const SSO_START_SESSION_PATH = actions.startSession.path;

/**
 * IAM Identity Center's portal (signing name awsssoportal): GetRoleCredentials and Logout for a bearer
 * token, so SSO profiles resolve offline; the token comes from a signed sign-in only the emulator has.
 */
export const createSsoService: ServiceFactory = (runtime) => {
  const sessions = new SsoSessions(() => runtime.now());
  const signed = operations.filter((operation) => operation.auth === 'sigv4');
  return {
    signingName: 'awsssoportal',
    protocol: 'rest-json',
    unsignedRoutes: [
      portalRoute(
        operations.filter((operation) => operation.auth === 'bearer'),
        sessions,
      ),
    ],
    async handle(request, ctx) {
      try {
        const operation = signed.find(
          (candidate) => candidate.method === request.method && candidate.path === ctx.url.pathname,
        );
        if (!operation) {
          throw new AwsError(
            'UnknownOperationException',
            `Signed calls to the portal are the emulator's sign-in only: POST ${SSO_START_SESSION_PATH}`,
            404,
          );
        }
        const input = operation.input({
          accessToken: undefined,
          query: ctx.url.searchParams,
          body: parseJsonBody(ctx.body),
        });
        return restJsonResponse(200, await operation.handle(input, ctx, sessions), ctx.requestId);
      } catch (error) {
        if (!(error instanceof AwsError)) throw error;
        return restJsonError(error, ctx.requestId);
      }
    },
    deleteAccount: async (accountId) => sessions.deleteAccount(accountId),
  };
};
