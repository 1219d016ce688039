import type { RequestContext } from '../../../core/types.ts';
import { invalidRequest } from '../sso-errors.ts';
import type { SsoOperation } from '../sso-operation.ts';

/** Identity Center's default session duration: eight hours. */
const DEFAULT_SESSION_SECONDS = 8 * 3600;
const ROLE_NAME = /^[\w+=,.@-]{1,32}$/;
const USER_NAME = /^[\w+=,.@-]{2,64}$/;

export interface StartSessionInput {
  roleNames?: unknown;
  userName?: unknown;
  expiresInSeconds?: unknown;
}

/** The access token, in SSO-OIDC CreateToken's shape, and what it signs in to. */
export interface StartSessionOutput {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  accountId: string;
  roleNames: string[];
}

/**
 * No AWS counterpart: the emulator's stand-in for the browser sign-in of `aws sso login`. Signed with the
 * learner's own keys, it signs a user in to the signer's account with these permission sets assigned and
 * answers the access token (in SSO-OIDC CreateToken's shape) that `aws sso login` would cache.
 */
export const startSession: SsoOperation<StartSessionInput, StartSessionOutput, RequestContext> = {
  name: 'StartSession',
  // Signed with the learner's own keys, which may do anything in their account.
  iamAction: null,
  auth: 'sigv4',
  method: 'POST',
  path: '/_cloudlab/sso/start-session',
  input: ({ body }) => body as StartSessionInput,
  async handle(input, ctx, sessions) {
    const roleNames = input.roleNames ?? ['AdministratorAccess'];
    if (
      !Array.isArray(roleNames) ||
      roleNames.length === 0 ||
      !roleNames.every((name) => typeof name === 'string' && ROLE_NAME.test(name))
    ) {
      throw invalidRequest('roleNames must be a list of permission set names, e.g. ["ReadOnly"]');
    }
    const userName = input.userName ?? 'student';
    if (typeof userName !== 'string' || !USER_NAME.test(userName)) {
      throw invalidRequest('userName must be 2 to 64 characters of letters, digits and +=,.@_-');
    }
    const expiresIn = input.expiresInSeconds ?? DEFAULT_SESSION_SECONDS;
    if (
      typeof expiresIn !== 'number' ||
      !Number.isInteger(expiresIn) ||
      expiresIn < 1 ||
      expiresIn > 7 * 86400
    ) {
      throw invalidRequest(
        'expiresInSeconds must be a whole number of seconds between 1 and 604800 (7 days)',
      );
    }
    const accessToken = sessions.start({
      accountId: ctx.principal.accountId,
      userName,
      roleNames,
      expiresAt: ctx.runtime.now() + expiresIn * 1000,
    });
    return { accessToken, tokenType: 'Bearer', expiresIn, accountId: ctx.principal.accountId, roleNames };
  },
};
