import { callEmulator, type EmulatorCaller } from './emulator-call.ts';
import { SessionError } from './session-error.ts';

/** The emulator's IAM Identity Center sign-in: its signing name and path (no AWS API has one). */
const SSO_PORTAL_SERVICE = 'awsssoportal';
const SSO_START_SESSION_PATH = '/_cloudlab/sso/start-session';

export interface SsoSignIn {
  /** Permission sets assigned to the user in the caller's account (default AdministratorAccess). */
  roleNames?: string[];
  /** The user the role sessions are named after (default student). */
  userName?: string;
  /** How long the access token lasts (default eight hours, Identity Center's default session). */
  expiresInSeconds?: number;
}

/** The access token, in the shape of SSO-OIDC's CreateToken answer, and the account it signs in to. */
export interface SsoSignedIn {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  accountId: string;
  roleNames: string[];
}

/**
 * Signs in to the emulator's IAM Identity Center as the browser step of `aws sso login` would, for the
 * caller's own account: the access token it returns, cached under ~/.aws/sso/cache, lets the SDK's SSO
 * provider get role credentials from the emulator's portal. On AWS, run `aws sso login` instead.
 */
export async function signInToEmulatorSso(
  caller: EmulatorCaller,
  signIn: SsoSignIn = {},
): Promise<SsoSignedIn> {
  const answer = (await callEmulator(caller, {
    service: SSO_PORTAL_SERVICE,
    path: SSO_START_SESSION_PATH,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(signIn),
    what: 'the IAM Identity Center sign-in',
    elsewhere: 'on AWS, run `aws sso login`',
  })) as Partial<SsoSignedIn>;
  if (typeof answer.accessToken !== 'string' || typeof answer.accountId !== 'string') {
    throw new SessionError(
      'InvalidResponse',
      `${caller.endpoint} answered the sign-in without an access token — is it a cloudlab emulator?`,
    );
  }
  return answer as SsoSignedIn;
}
