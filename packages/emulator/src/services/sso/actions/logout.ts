import { unauthorized } from '../sso-errors.ts';
import type { SsoSessions } from '../sso-sessions.ts';

/**
 * https://docs.aws.amazon.com/singlesignon/latest/PortalAPIReference/API_Logout.html
 * Ends the sign-in: the token answers UnauthorizedException from now on. Role credentials already issued
 * keep working until they expire, as on AWS.
 */
export function logout(accessToken: string | undefined, sessions: SsoSessions): void {
  if (!accessToken || !sessions.find(accessToken)) throw unauthorized();
  sessions.end(accessToken);
}
